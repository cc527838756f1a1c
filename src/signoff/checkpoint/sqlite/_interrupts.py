"""The pending-interrupt index and the answers audit table, as SQL run inside the saver's transactions.

A row of `signoff_interrupts` is pending while `answered_at` is NULL. Answering sets it (and adds
the answer to `signoff_answers`); putting a new root checkpoint of the thread deletes the thread's
still-pending rows. Pending rows sit in a partial index, so every inbox query is O(pending) whatever
the number of threads, checkpoints or past answers; answered rows stay so that a cursor naming one
still marks a place in the order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from signoff.checkpoint._cursor import unknown_cursor
from signoff.checkpoint.base import AnswerRecord, InterruptRecord
from signoff.checkpoint.serde import Serializer
from signoff.checkpoint.sqlite._codec import (
    ANSWER_COLUMNS,
    INTERRUPT_COLUMNS,
    decode_answer,
    decode_interrupt,
    encode_answer,
    encode_interrupt,
    time_text,
)
from signoff.checkpoint.sqlite._rows import STORE_WRITE_LAST, Rows, next_seq
from signoff.constants import RESUME
from signoff.errors import InterruptAlreadyAnsweredError


def index_interrupts(
    rows: Rows, serde: Serializer, thread_id: str, interrupts: Sequence[InterruptRecord]
) -> None:
    """Add `interrupts` to the pending index, except those the thread has already answered."""
    rows.interrupts.setdefault(thread_id, []).extend(
        encode_interrupt(serde, thread_id, rec) for rec in interrupts
    )


def answer_interrupts(
    conn: sqlite3.Connection,
    serde: Serializer,
    config: tuple[str, str, str | None],
    answers: Sequence[AnswerRecord],
) -> None:
    """Check every answer's interrupt is pending at the checkpoint `config` (thread, ns, id) names,
    then record them all and add each as a `__resume__` write of that checkpoint.

    Runs inside the caller's `BEGIN IMMEDIATE`, so the check and the update are one atomic step
    across processes; raises `InterruptAlreadyAnsweredError`, and the caller's rollback undoes
    any claim made before the failing one, so nothing is written.
    """
    thread_id, ns, checkpoint_id = config
    ids = [a.interrupt_id for a in answers]
    now = datetime.now(timezone.utc)
    answered_at = time_text(now)
    for interrupt_id in ids:
        # The claim: only a row still pending at this checkpoint changes; one answer per call.
        claimed = conn.execute(_CLAIM, (answered_at, thread_id, interrupt_id, checkpoint_id))
        if claimed.rowcount != 1 or ids.count(interrupt_id) > 1:
            raise InterruptAlreadyAnsweredError(
                f"interrupt {interrupt_id} of thread {thread_id!r} is not pending "
                "(already answered?); read the thread's state and answer what is pending",
                thread_id=thread_id,
                interrupt_id=interrupt_id,
            )
    for a in answers:
        if a.answered_at is None:
            a = replace(a, answered_at=now)
        conn.execute(
            f"INSERT INTO signoff_answers ({ANSWER_COLUMNS}) VALUES ({', '.join('?' * 11)})",
            encode_answer(serde, thread_id, a),
        )
        kind, blob = serde.dumps_typed({a.interrupt_id: a.value})
        key = f"{RESUME}:{a.interrupt_id}"
        row = (thread_id, ns, checkpoint_id, a.task_id, key, "", RESUME, kind, blob, next_seq())
        conn.execute(STORE_WRITE_LAST, row)


_CLAIM = (
    "UPDATE signoff_interrupts SET answered_at = ? WHERE thread_id = ? AND interrupt_id = ? "
    "AND checkpoint_id = ? AND answered_at IS NULL"
)


def pending(
    conn: sqlite3.Connection,
    serde: Serializer,
    *,
    thread_id: str | None,
    graph: str | None,
    node: str | None,
    limit: int | None,
    cursor: str | None,
) -> list[InterruptRecord]:
    """Pending interrupts, oldest first; `cursor` is the last interrupt id of the previous page."""
    where: list[str] = ["answered_at IS NULL"]
    params: list[Any] = []
    for column, value in (("thread_id", thread_id), ("graph", graph), ("node", node)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if cursor is not None:
        position = _cursor_position(conn, cursor, thread_id)
        if position is None:
            raise unknown_cursor(cursor)
        where.append("(created_key, interrupt_id, thread_id) > (?, ?, ?)")
        params.extend(position)
    sql = f"SELECT {INTERRUPT_COLUMNS} FROM signoff_interrupts WHERE " + " AND ".join(where)
    sql += " ORDER BY created_key, interrupt_id, thread_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(limit, 0))
    return [decode_interrupt(serde, row) for row in conn.execute(sql, params)]


def _cursor_position(
    conn: sqlite3.Connection, cursor: str, thread_id: str | None
) -> tuple[int, str, str] | None:
    """Where the interrupt named by `cursor` sits in the order, pending or answered since; None if
    no such interrupt is stored."""
    sql = (
        "SELECT created_key, interrupt_id, thread_id FROM signoff_interrupts WHERE interrupt_id = ?"
    )
    params: list[Any] = [cursor]
    if thread_id is not None:
        sql += " AND thread_id = ?"
        params.append(thread_id)
    row = conn.execute(sql + " ORDER BY created_key, thread_id LIMIT 1", params).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def answers_of(conn: sqlite3.Connection, serde: Serializer, thread_id: str) -> list[AnswerRecord]:
    rows = conn.execute(
        f"SELECT {ANSWER_COLUMNS} FROM signoff_answers WHERE thread_id = ? ORDER BY seq",
        (thread_id,),
    )
    return [decode_answer(serde, row) for row in rows]
