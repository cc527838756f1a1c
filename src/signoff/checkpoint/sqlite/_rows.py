"""The rows one write transaction stores, gathered first and then written one statement per table.

A single `put` and a whole batch (`put_batch`: every checkpoint and write of a quick run) go through
the same `Rows`: the saver's calls add rows to it, and `store` writes them in one `executemany` per
table at the end of the transaction. Within a batch, work that later calls make moot is not done at
all: a thread's head row is written once (for its newest checkpoint), and its superseded pending
interrupts are deleted once.

`stored` is what the transaction has stored so far (checkpoints and blob keys, and checkpoints
found by a lookup): they are known to exist without asking the database again.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from typing import Any

from signoff.checkpoint.sqlite._codec import INTERRUPT_COLUMNS
from signoff.constants import ERROR, INTERRUPT, RESUME

REPLACED = (ERROR, INTERRUPT, RESUME)
"""Special channels: a task's write to one replaces its earlier write to it."""

BlobRow = tuple[str, str, str, str, str, bytes | None]
"""(thread_id, checkpoint_ns, channel, version, type, blob)"""

_INSERT_BLOBS = (
    "INSERT OR IGNORE INTO signoff_blobs (thread_id, checkpoint_ns, channel, version, type, blob) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_CHECKPOINTS = (
    "INSERT OR REPLACE INTO signoff_checkpoints (thread_id, checkpoint_ns, checkpoint_id, "
    "parent_checkpoint_id, channel_versions, type, checkpoint, metadata_type, metadata, "
    "metadata_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_WRITE_COLUMNS = (
    "thread_id, checkpoint_ns, checkpoint_id, task_id, write_key, task_path, channel, type, blob, "
    "seq"
)
_WRITE_CONFLICT = f"""
ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key) DO UPDATE SET
    task_path = excluded.task_path, channel = excluded.channel,
    type = excluded.type, blob = excluded.blob
WHERE excluded.channel IN {REPLACED!r}
"""
STORE_WRITES = (
    f"INSERT INTO signoff_writes ({_WRITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    + _WRITE_CONFLICT
)
"""A write to a special channel replaces the task's earlier one (keeping its place in the order);
any other is stored once."""
STORE_WRITE_LAST = (
    f"INSERT INTO signoff_writes ({_WRITE_COLUMNS}) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, max(?10, 1 + coalesce(("
    "SELECT max(seq) FROM signoff_writes "
    "WHERE thread_id = ?1 AND checkpoint_ns = ?2 AND checkpoint_id = ?3), 0)))" + _WRITE_CONFLICT
)
"""`STORE_WRITES` for one write that must come after every stored write of its checkpoint."""

LAST_SEQ = (
    "SELECT coalesce((SELECT max(seq) FROM signoff_writes "
    "WHERE thread_id = ?1 AND checkpoint_ns = ?2 AND checkpoint_id = ?3), 0) "
    "FROM signoff_checkpoints WHERE thread_id = ?1 AND checkpoint_ns = ?2 AND checkpoint_id = ?3"
)
"""A row if the checkpoint is stored: the largest `seq` of its writes (0 if none)."""

_last_seq = 0


def next_seq(after: int = 0) -> int:
    """A write's place in its checkpoint's order: above `after` (the checkpoint's largest stored
    seq, when known) and above every seq this process gave before. Between processes, the clock
    orders writes made in separate transactions: a write to a checkpoint looked up in the same
    transaction always comes after its stored writes, since `after` is read under the write lock."""
    global _last_seq
    seq = max(time.time_ns(), _last_seq + 1, after + 1)
    _last_seq = seq
    return seq


_UPSERT_THREADS = """
INSERT INTO signoff_threads (thread_id, checkpoint_id, updated_at) VALUES (?, ?, ?)
ON CONFLICT (thread_id) DO UPDATE SET
    checkpoint_id = excluded.checkpoint_id, updated_at = excluded.updated_at
WHERE excluded.checkpoint_id > signoff_threads.checkpoint_id
"""
_CLEAR_PENDING = "DELETE FROM signoff_interrupts WHERE thread_id = ? AND answered_at IS NULL"
INSERT_INTERRUPTS = f"""
INSERT OR REPLACE INTO signoff_interrupts ({INTERRUPT_COLUMNS})
SELECT {", ".join("?" * len(INTERRUPT_COLUMNS.split(",")))}
WHERE NOT EXISTS (SELECT 1 FROM signoff_answers WHERE thread_id = ?1 AND interrupt_id = ?2)
"""
"""A raised interrupt joins the pending index unless the thread has already answered it."""


@dataclass
class Rows:
    """What one transaction will store; see the module docstring."""

    stored: set[tuple[str, ...]] = field(default_factory=set)
    blobs: list[BlobRow] = field(default_factory=list)
    checkpoints: list[tuple[Any, ...]] = field(default_factory=list)
    writes: list[tuple[Any, ...]] = field(default_factory=list)
    heads: dict[str, tuple[str, str]] = field(default_factory=dict)
    """thread_id -> (checkpoint_id, ts) of its newest root checkpoint in the transaction"""
    cleared: set[str] = field(default_factory=set)
    """threads whose pending interrupts a new root checkpoint supersedes"""
    interrupts: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    last_seq: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """checkpoint -> the largest seq of its writes known in the transaction"""

    def add_write(self, row: tuple[Any, ...]) -> None:
        """A write row (`STORE_WRITES` columns but seq), placed after its checkpoint's writes."""
        target = (row[0], row[1], row[2])
        seq = next_seq(self.last_seq.get(target, 0))
        self.last_seq[target] = seq
        self.writes.append((*row, seq))

    def new_head(self, thread_id: str, checkpoint_id: str, ts: str) -> None:
        """A root checkpoint of the thread: it becomes the head and supersedes what was pending
        (including interrupts raised earlier in this transaction)."""
        head = self.heads.get(thread_id)
        if head is None or checkpoint_id > head[0]:
            self.heads[thread_id] = (checkpoint_id, ts)
        self.cleared.add(thread_id)
        self.interrupts.pop(thread_id, None)

    def store(self, conn: sqlite3.Connection) -> None:
        """Write every gathered row, then start empty (`stored` is kept)."""
        if self.blobs:
            conn.executemany(_INSERT_BLOBS, self.blobs)
        if self.checkpoints:
            conn.executemany(_INSERT_CHECKPOINTS, self.checkpoints)
        if self.writes:
            conn.executemany(STORE_WRITES, self.writes)
        if self.heads:
            conn.executemany(_UPSERT_THREADS, [(t, *h) for t, h in self.heads.items()])
        if self.cleared:
            conn.executemany(_CLEAR_PENDING, [(t,) for t in self.cleared])
        for rows in self.interrupts.values():
            conn.executemany(INSERT_INTERRUPTS, rows)
        self.blobs, self.checkpoints, self.writes = [], [], []
        self.heads, self.cleared, self.interrupts = {}, set(), {}
