"""`SqliteSaver`: the embedded default saver, one SQLite file shared safely by threads and processes.

Storage is by delta (see `_schema`): a checkpoint row names channel versions, each version's value is
written once, so a long thread whose big state barely changes costs little per step, and reading
its latest checkpoint is one index search plus one lookup per channel, however long the history.
The saver runs transactions; the SQL is beside it: `_write` stores checkpoints and writes, `_read`
loads them, `_interrupts` keeps the inbox and the answers, `_prune` drops old checkpoints.

    with SqliteSaver.from_conn_string("threads.db") as saver:
        graph = builder.compile(checkpointer=saver)
"""

from __future__ import annotations

import builtins
import os
import random
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from signoff.checkpoint._retention import check_keep_last
from signoff.checkpoint.base import (
    AnswerRecord,
    BaseCheckpointSaver,
    BatchCall,
    ChannelVersion,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    RunnableConfig,
    StepWrites,
    ThreadInfo,
    ThreadStatus,
    get_checkpoint_id,
    get_checkpoint_ns,
    get_thread_id,
)
from signoff.checkpoint.serde import Serializer
from signoff.checkpoint.sqlite import _interrupts, _write
from signoff.checkpoint.sqlite._conn import Database, open_connection
from signoff.checkpoint.sqlite._prune import prune_thread
from signoff.checkpoint.sqlite._read import (
    decode_one,
    list_threads,
    load_tuples,
    one_tuple_sql,
    select_checkpoints,
)
from signoff.checkpoint.sqlite._rows import Rows
from signoff.constants import INTERRUPT
from signoff.types import Interrupt

_RANDOM = random.Random()
"""Version suffixes: seeded from the OS, reseeded in a forked child, and apart from the global
`random` (a program seeding that must not make two processes' versions collide)."""
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_RANDOM.seed)

_ONE_TUPLE_SQL = (one_tuple_sql(by_id=False), one_tuple_sql(by_id=True))


class SqliteSaver(BaseCheckpointSaver):
    """Stores threads in a SQLite database; see the module docstring.

    `conn` may be any `sqlite3.Connection`; the saver runs its own transactions on it (do not leave
    one open) and guards it with a lock, so pass `check_same_thread=False` to use it from several
    threads. The schema is created or migrated on first use (`setup()`).
    """

    def __init__(self, conn: sqlite3.Connection, *, serde: Serializer | None = None) -> None:
        super().__init__(serde=serde)
        self.conn = conn
        self._db = Database(conn)
        self._batch: Rows | None = None
        """During `put_batch`: the rows its calls gather, stored when it ends."""
        self._batch_thread = 0
        """The thread running `put_batch` (others wait for the saver's lock)."""

    @classmethod
    @contextmanager
    def from_conn_string(
        cls, conn_string: str, *, serde: Serializer | None = None
    ) -> Iterator[SqliteSaver]:
        """Open a file path, `":memory:"` or `file:` URI; the connection closes on exit."""
        conn = open_connection(conn_string)
        saver = None
        try:
            saver = cls(conn, serde=serde)
            saver.setup()
            yield saver
        finally:
            if saver is not None:
                saver.close()
            conn.close()

    def setup(self) -> None:
        """Create or migrate the schema; idempotent and safe while other processes use the file."""
        self._db.setup()

    def close(self) -> None:
        """Let a background WAL checkpoint finish; call it before closing the connection yourself
        (`from_conn_string` does)."""
        self._db.close()

    # --- reads ---

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        thread_id = get_thread_id(config)
        if thread_id is None:
            return None
        ns = get_checkpoint_ns(config)
        checkpoint_id = get_checkpoint_id(config)
        params = (thread_id, ns, checkpoint_id) if checkpoint_id else (thread_id, ns)
        try:
            found = self._db.fetch(_ONE_TUPLE_SQL[bool(checkpoint_id)], params)
        except sqlite3.OperationalError as exc:
            if "JSON" not in str(exc):
                raise
            # A corrupt channel_versions column: read it the long way, which names the row.
            return self._get_tuple_by_parts(config)
        return decode_one(self.serde, found)

    def _get_tuple_by_parts(self, config: RunnableConfig) -> CheckpointTuple | None:
        """`get_tuple` as three queries in one read transaction."""
        where = {
            "thread_id": get_thread_id(config) or "",
            "checkpoint_ns": get_checkpoint_ns(config),
        }
        checkpoint_id = get_checkpoint_id(config)
        if checkpoint_id:
            where["checkpoint_id"] = checkpoint_id
        with self._db.read() as conn:
            rows = select_checkpoints(conn, where, limit=1)
            found = load_tuples(conn, self.serde, rows)
        return found[0] if found else None

    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        where: dict[str, str] = {}
        conf = (config or {}).get("configurable", {})
        for key in ("thread_id", "checkpoint_ns", "checkpoint_id"):
            if conf.get(key) is not None and (key != "checkpoint_id" or conf[key]):
                where[key] = str(conf[key])
        before_id = get_checkpoint_id(before) if before else None
        return self._pages(where, dict(filter or {}), before_id, limit)

    def _pages(
        self,
        where: dict[str, str],
        filter: dict[str, Any],
        before_id: str | None,
        limit: int | None,
    ) -> Iterator[CheckpointTuple]:
        """Yield matches page by page: three queries per page, never one per checkpoint."""
        remaining = limit
        after: tuple[str, str, str] | None = None
        page = min(limit, 100) if limit else 100
        while remaining is None or remaining > 0:
            with self._db.read() as conn:
                rows = select_checkpoints(
                    conn, where, filter=filter, before_id=before_id, after=after, limit=page
                )
                if not rows:
                    return
                found = load_tuples(conn, self.serde, rows)
            for t in found:
                if any(t.metadata.get(k) != v for k, v in filter.items()):
                    continue
                yield t
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return
            if len(rows) < page:
                return
            last = rows[-1]
            after = (last[2], last[0], last[1])

    # --- writes ---

    @contextmanager
    def _storing(self) -> Iterator[tuple[sqlite3.Connection, Rows]]:
        """A write transaction and the rows it stores at its end; inside `put_batch` (on the
        thread running it), the batch's, stored when the batch ends."""
        if self._batch is not None and self._batch_thread == threading.get_ident():
            yield self.conn, self._batch
            return
        with self._db.write() as conn:
            rows = Rows()
            yield conn, rows
            rows.store(conn)

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        with self._storing() as (conn, rows):
            return _write.put_checkpoint(
                conn, self.serde, rows, config, checkpoint, metadata, new_versions
            )

    def put_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        """The step's task writes and its new checkpoint in one transaction (one commit)."""
        with self._storing() as (conn, rows):
            for task_id, task_writes in writes:
                _write.put_task_writes(conn, self.serde, rows, writes_at, task_writes, task_id, "")
            return _write.put_checkpoint(
                conn, self.serde, rows, config, checkpoint, metadata, new_versions
            )

    groups_writes = True

    def put_batch(self, calls: Sequence[BatchCall]) -> None:
        """The calls in one transaction: one commit, one statement per table, and index pages
        written once."""
        with self._db.batch():
            self._batch = Rows()
            self._batch_thread = threading.get_ident()
            try:
                super().put_batch(calls)
                self._batch.store(self.conn)
            finally:
                self._batch = None

    async def aput_batch(self, calls: Sequence[BatchCall]) -> None:
        self.put_batch(calls)

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        with self._storing() as (conn, rows):
            _write.put_task_writes(conn, self.serde, rows, config, writes, task_id, task_path)

    def delete_thread(self, thread_id: str) -> None:
        with self._db.write() as conn:
            for table in (
                "signoff_checkpoints",
                "signoff_blobs",
                "signoff_writes",
                "signoff_interrupts",
                "signoff_answers",
                "signoff_threads",
            ):
                conn.execute(f"DELETE FROM {table} WHERE thread_id = ?", (thread_id,))

    def get_next_version(self, current: ChannelVersion | None, channel: str) -> ChannelVersion:
        """A sortable string: a zero-padded counter, then a random suffix so that two forks of a
        thread never give different values the same version."""
        if current is None:
            count = 0
        elif isinstance(current, str):
            count = int(current.split(".", 1)[0])
        else:
            count = int(current)
        return f"{count + 1:032}.{_RANDOM.getrandbits(64):016x}"

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        """Drop old checkpoints of `thread_id` by the rule of `signoff.checkpoint._retention`;
        returns how many were deleted. Pending interrupts and what they need are always kept."""
        check_keep_last(thread_id, keep_last)
        with self._db.write() as conn:
            return prune_thread(conn, thread_id, keep_last)

    def list_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        with self._db.read() as conn:
            infos = list_threads(conn, self.serde)
        return [i for i in infos if status is None or i.status == status]

    # --- interrupts and answers ---

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        thread_id, ns, checkpoint_id = _write.target(config)
        value: list[Interrupt[Any]] = [
            Interrupt(r.value, r.interrupt_id, response_schema=r.response_schema)
            for r in interrupts
        ]
        row = (
            thread_id,
            ns,
            checkpoint_id,
            task_id,
            INTERRUPT,
            "",
            INTERRUPT,
            *self.serde.dumps_typed(value),
        )
        with self._storing() as (conn, rows):
            _write.require_checkpoint(conn, rows, thread_id, ns, checkpoint_id)
            rows.add_write(row)
            if ns == "":
                _interrupts.index_interrupts(rows, self.serde, thread_id, interrupts)

    def index_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        thread_id, ns, checkpoint_id = _write.target(config)
        with self._storing() as (conn, rows):
            _write.require_checkpoint(conn, rows, thread_id, ns, checkpoint_id)
            if ns == "":
                _interrupts.index_interrupts(rows, self.serde, thread_id, interrupts)

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        target = _write.target(config)
        with self._db.write() as conn:
            _interrupts.answer_interrupts(conn, self.serde, target, answers)

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        with self._db.read() as conn:
            return _interrupts.pending(
                conn,
                self.serde,
                thread_id=thread_id,
                graph=graph,
                node=node,
                limit=limit,
                cursor=cursor,
            )

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        with self._db.read() as conn:
            return _interrupts.answers_of(conn, self.serde, thread_id)


__all__ = ["SqliteSaver"]
