"""`PostgresSaver`: checkpoints in PostgreSQL through psycopg 3, safe for many processes.

Give it a `psycopg.Connection` (autocommit, as `from_conn_string` opens), or a `ConnectionPool`
(each operation borrows a connection), and call `setup()` once per database to create or migrate
the tables. Operations are written once in `_ops` as statement generators; this class only runs
them on a connection, which is all that differs from `AsyncPostgresSaver`.
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVar

import psycopg
from psycopg.rows import tuple_row
from psycopg_pool import ConnectionPool

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
)
from signoff.checkpoint.postgres import _ops
from signoff.checkpoint.postgres._batch import gathered, plain
from signoff.checkpoint.postgres._codec import next_version
from signoff.checkpoint.postgres._connect import connect_error
from signoff.checkpoint.postgres._list import ListQuery
from signoff.checkpoint.serde import Serializer

T = TypeVar("T")


def drive(op: _ops.Op[T], cursor: psycopg.Cursor[tuple[Any, ...]]) -> T:
    """Run an operation's statements on `cursor`, sending rows in and throwing errors in."""
    try:
        stmt = next(op)
        while True:
            try:
                cursor.execute(stmt.sql, stmt.params or None)
                rows = cursor.fetchall() if cursor.description is not None else []
            except psycopg.Error as exc:
                stmt = op.throw(exc)
            else:
                stmt = op.send(rows)
    except StopIteration as stop:
        result: T = stop.value
        return result


class PostgresSaver(BaseCheckpointSaver):
    """A durable saver on PostgreSQL; see the module docstring."""

    def __init__(
        self,
        conn: psycopg.Connection[Any] | ConnectionPool[Any],
        *,
        serde: Serializer | None = None,
    ) -> None:
        super().__init__(serde=serde)
        self.conn = conn
        self.lock = threading.Lock()
        self.schema_checked = False
        """Set once the tables are known to be this version's (`setup()` or a first check)."""

    @classmethod
    @contextmanager
    def from_conn_string(
        cls, conn_string: str, *, serde: Serializer | None = None
    ) -> Iterator[PostgresSaver]:
        """A saver on a new autocommit connection to `conn_string`, closed on exit."""
        try:
            conn = psycopg.Connection.connect(conn_string, autocommit=True)
        except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
            raise connect_error(conn_string, exc) from None
        with conn:
            yield cls(conn, serde=serde)

    def __enter__(self) -> PostgresSaver:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def setup(self) -> None:
        """Create the tables or migrate them to this version; safe to call from many processes."""
        self._run(_ops.setup(), transaction=True, checked=False)
        self.schema_checked = True

    # --- running operations ---

    @contextmanager
    def _connection(self, *, checked: bool = True) -> Iterator[psycopg.Connection[Any]]:
        """A connection to run on; before the saver's first operation, the tables are checked."""
        with (
            self.conn.connection()
            if isinstance(self.conn, ConnectionPool)
            else _locked(self.lock, self.conn) as conn
        ):
            if checked and not self.schema_checked:
                with conn.transaction() if not conn.autocommit else nullcontext():
                    with conn.cursor(row_factory=tuple_row) as cur:
                        drive(_ops.check_schema(), cur)
                self.schema_checked = True
            yield conn

    def _run(self, op: _ops.Op[T], *, transaction: bool = False, checked: bool = True) -> T:
        with self._connection(checked=checked) as conn:
            in_tx = transaction or not conn.autocommit
            with (
                conn.transaction() if in_tx else nullcontext(),
                conn.cursor(row_factory=tuple_row) as cur,
            ):
                return drive(op, cur)

    # --- reads ---

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return self._run(_ops.get_tuple(self.serde, config))

    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        query = ListQuery(config, filter, before, limit)
        while not query.done:
            yield from self._run(query.next_page(self.serde))

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        op = _ops.pending_interrupts(
            self.serde, thread_id=thread_id, graph=graph, node=node, limit=limit, cursor=cursor
        )
        return self._run(op)

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        return self._run(_ops.answers(self.serde, thread_id))

    def list_threads(
        self, status: ThreadStatus | None = None, *, limit: int | None = None
    ) -> builtins.list[ThreadInfo]:
        """Threads with their latest root checkpoint, newest first; one indexed query."""
        return self._run(_ops.list_threads(self.serde, status=status, limit=limit))

    # --- writes ---

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self._run(_ops.put(self.serde, config, checkpoint, metadata, new_versions))

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
        return self._run(
            _ops.put_step(
                self.serde, writes_at, writes, config, checkpoint, metadata, new_versions
            ),
            transaction=True,
        )

    groups_writes = True

    def put_batch(self, calls: Sequence[BatchCall]) -> None:
        """The calls in one transaction and, usually, one statement (see `_batch`)."""
        if not calls:
            return
        try:
            if self._run(gathered(self.serde, calls)):
                return
        except psycopg.Error:
            pass  # nothing stored: run it again below, for the outcome of a plain run
        self._run(plain(self.serde, calls), transaction=True)

    async def aput_batch(self, calls: Sequence[BatchCall]) -> None:
        self.put_batch(calls)

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        self._run(_ops.put_writes(self.serde, config, writes, task_id, task_path))

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self._run(_ops.put_interrupts(self.serde, config, task_id, interrupts))

    def index_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self._run(_ops.index_interrupts(self.serde, config, interrupts))

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        """One statement, so atomic on its own, and committed before this returns."""
        self._run(_ops.put_answers(self.serde, config, answers))

    def delete_thread(self, thread_id: str) -> None:
        self._run(_ops.delete_thread(thread_id))

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        """Drop old checkpoints of the thread; returns how many were dropped.

        Kept: in the root namespace the `keep_last` newest and every checkpoint with a pending
        interrupt; in a subgraph namespace (shallow to deep) the `keep_last` newest whose
        parent-graph checkpoints (`metadata["parents"]`) are all kept. A kept checkpoint whose
        parent was dropped becomes the start of the history (its `parent_config` is cut). Channel
        values no kept checkpoint references are deleted; answers stay for the audit trail.
        """
        return self._run(_ops.prune(thread_id, keep_last), transaction=True)

    def get_next_version(self, current: ChannelVersion | None, channel: str) -> ChannelVersion:
        return next_version(current)


@contextmanager
def _locked(
    lock: threading.Lock, conn: psycopg.Connection[Any]
) -> Iterator[psycopg.Connection[Any]]:
    with lock:
        yield conn


__all__ = ["PostgresSaver"]
