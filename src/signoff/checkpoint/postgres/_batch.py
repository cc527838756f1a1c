"""Several write operations as one transaction in one round trip (psycopg pipeline mode).

A batch's operations are statement generators (`_ops`), each sent the rows of its last statement.
For the statements of a write, no rows is the answer that lets the operation go on as planned (a
put learns of no missing values, a write of nothing at all), so the batch sends every statement
at once, telling each operation "no rows", and checks afterwards that no rows is what came back.
When something else came back (values pruned meanwhile) or anything failed, the transaction is
rolled back and the batch runs again the plain way, each statement waiting for its result, so the
outcome and any error are those of a plain run (a missing checkpoint named by thread and id, not
a pipeline's abort).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from signoff.checkpoint.base import BatchCall
from signoff.checkpoint.postgres import _ops
from signoff.checkpoint.serde import Serializer


def batch_ops(serde: Serializer, calls: Sequence[BatchCall]) -> list[_ops.Op[Any]]:
    """The operations that make `calls` (method names as on the saver)."""
    makers = {
        "put": _ops.put,
        "put_step": _ops.put_step,
        "put_writes": _ops.put_writes,
        "put_interrupts": _ops.put_interrupts,
    }
    ops: list[_ops.Op[Any]] = []
    for method, args in calls:
        make = makers.get(method)
        if make is None:
            raise ValueError(
                f"put_batch cannot make {method!r}: a batch holds only {', '.join(sorted(makers))}"
            )
        ops.append(make(serde, *args))  # type: ignore[operator]  # each maker takes its method's args
    return ops


class Unexpected(Exception):
    """A statement of the batch answered rows: the batch has to run the plain way."""


def run_pipelined(conn: psycopg.Connection[Any], ops: list[_ops.Op[Any]]) -> None:
    """Run `ops` in one transaction on `conn`, all statements sent before any answer is read.

    Raises `Unexpected` (or the database's error), with the transaction rolled back, when the
    batch must run the plain way.
    """
    with conn.pipeline() as pipeline, conn.transaction():
        cursors: list[psycopg.Cursor[tuple[Any, ...]]] = []
        for op in ops:
            try:
                stmt = next(op)
                while True:
                    cursor = conn.cursor(row_factory=tuple_row)
                    cursor.execute(stmt.sql, stmt.params or None)
                    cursors.append(cursor)
                    stmt = op.send([])  # "no rows": checked below
            except StopIteration:
                pass
        pipeline.sync()
        for cursor in cursors:
            if cursor.description is not None and cursor.fetchall():
                raise Unexpected
            cursor.close()
