"""Several write calls as one transaction in one round trip.

The calls' rows are gathered first (`_rows.Rows`) and stored by one statement: on an autocommit
connection a transaction of its own, so the batch costs one round trip and one (synchronous)
commit. When it stores nothing (a carried value is missing) or fails (a checkpoint is missing),
the batch runs again the plain way: each call's operation (`_ops`), statement by statement in one
transaction, so the outcome and any error are those of a plain run (a carried value stored after
all, a missing checkpoint named by thread and id).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from signoff.checkpoint.base import BATCH_METHODS, BatchCall
from signoff.checkpoint.postgres import _ops
from signoff.checkpoint.postgres._rows import Rows
from signoff.checkpoint.serde import Serializer

_MAKERS: dict[str, Any] = {
    "put": _ops.put,
    "put_step": _ops.put_step,
    "put_writes": _ops.put_writes,
    "put_interrupts": _ops.put_interrupts,
    "index_interrupts": _ops.index_interrupts,
}


def _check(method: str) -> None:
    if method not in BATCH_METHODS:
        raise ValueError(
            f"put_batch cannot make {method!r}: a batch holds only "
            + ", ".join(sorted(BATCH_METHODS))
        )


def gathered(serde: Serializer, calls: Sequence[BatchCall]) -> _ops.Op[bool]:
    """Store what `calls` store in one statement; returns False, having stored nothing, when the
    batch must run the plain way. Raises `ValueError` for a method a batch cannot hold before
    anything is sent."""
    rows = Rows()
    for method, args in calls:
        _check(method)
        if method == "put_step":
            writes_at, step_writes, *put_args = args
            for task_id, task_writes in step_writes:
                rows.put_writes(serde, writes_at, task_writes, task_id, "")
            rows.put(serde, *put_args)
        else:
            getattr(rows, method)(serde, *args)
    missing = yield rows.statement(serde)
    return not missing


def plain(serde: Serializer, calls: Sequence[BatchCall]) -> _ops.Op[None]:
    """Each call's operation in order; run in one transaction."""
    ops = []
    for method, args in calls:
        _check(method)
        ops.append(_MAKERS[method](serde, *args))
    for op in ops:
        yield from op
