"""`AsyncPostgresSaver`: `PostgresSaver` for asyncio, on `psycopg.AsyncConnection` or a pool.

It runs the same operations (`_ops`) as the sync saver, awaiting each statement. Its sync methods
exist for code on other threads (they hand the work to the saver's event loop); calling them from
the loop itself would deadlock, so that raises instead.
"""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import AsyncIterator, Coroutine, Iterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any, TypeVar

import psycopg
from psycopg.rows import tuple_row
from psycopg_pool import AsyncConnectionPool

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


async def adrive(op: _ops.Op[T], cursor: psycopg.AsyncCursor[tuple[Any, ...]]) -> T:
    """Run an operation's statements on `cursor`, sending rows in and throwing errors in."""
    try:
        stmt = next(op)
        while True:
            try:
                await cursor.execute(stmt.sql, stmt.params or None)
                rows = await cursor.fetchall() if cursor.description is not None else []
            except psycopg.Error as exc:
                stmt = op.throw(exc)
            else:
                stmt = op.send(rows)
    except StopIteration as stop:
        result: T = stop.value
        return result


class AsyncPostgresSaver(BaseCheckpointSaver):
    """A durable saver on PostgreSQL for asyncio; create it inside the event loop it serves."""

    def __init__(
        self,
        conn: psycopg.AsyncConnection[Any] | AsyncConnectionPool[Any],
        *,
        serde: Serializer | None = None,
    ) -> None:
        super().__init__(serde=serde)
        self.conn = conn
        self.lock = asyncio.Lock()
        self.schema_checked = False
        """Set once the tables are known to be this version's (`setup()` or a first check)."""
        self.loop = asyncio.get_running_loop()

    @classmethod
    @asynccontextmanager
    async def from_conn_string(
        cls, conn_string: str, *, serde: Serializer | None = None
    ) -> AsyncIterator[AsyncPostgresSaver]:
        """A saver on a new autocommit connection to `conn_string`, closed on exit."""
        try:
            conn = await psycopg.AsyncConnection.connect(conn_string, autocommit=True)
        except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
            raise connect_error(conn_string, exc) from None
        async with conn:
            yield cls(conn, serde=serde)

    async def __aenter__(self) -> AsyncPostgresSaver:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def setup(self) -> None:
        """Create the tables or migrate them to this version; safe to call from many processes."""
        await self._run(_ops.setup(), transaction=True, checked=False)
        self.schema_checked = True

    # --- running operations ---

    def _connection(self) -> AbstractAsyncContextManager[psycopg.AsyncConnection[Any]]:
        if isinstance(self.conn, AsyncConnectionPool):
            return self.conn.connection()
        return _locked(self.lock, self.conn)

    async def _run(self, op: _ops.Op[T], *, transaction: bool = False, checked: bool = True) -> T:
        async with self._connection() as conn:
            if checked and not self.schema_checked:
                async with conn.transaction() if not conn.autocommit else nullcontext():
                    async with conn.cursor(row_factory=tuple_row) as cur:
                        await adrive(_ops.check_schema(), cur)
                self.schema_checked = True
            in_tx = transaction or not conn.autocommit
            async with (
                conn.transaction() if in_tx else nullcontext(),
                conn.cursor(row_factory=tuple_row) as cur,
            ):
                return await adrive(op, cur)

    def _sync(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run `coro` on the saver's loop from another thread and wait for it."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            coro.close()
            raise RuntimeError(
                "AsyncPostgresSaver: a sync method was called on its own event loop, which would "
                "deadlock; await the async method (aget_tuple, aput, ...) instead"
            )
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    # --- async reads ---

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return await self._run(_ops.get_tuple(self.serde, config))

    async def alist(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[CheckpointTuple]:
        query = ListQuery(config, filter, before, limit)
        while not query.done:
            for item in await self._run(query.next_page(self.serde)):
                yield item

    async def apending_interrupts(
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
        return await self._run(op)

    async def aanswers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        return await self._run(_ops.answers(self.serde, thread_id))

    async def alist_threads(
        self, status: ThreadStatus | None = None, *, limit: int | None = None
    ) -> builtins.list[ThreadInfo]:
        """Threads with their latest root checkpoint, newest first; one indexed query."""
        return await self._run(_ops.list_threads(self.serde, status=status, limit=limit))

    # --- async writes ---

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return await self._run(_ops.put(self.serde, config, checkpoint, metadata, new_versions))

    async def aput_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        """The step's task writes and its new checkpoint in one transaction (one commit)."""
        return await self._run(
            _ops.put_step(
                self.serde, writes_at, writes, config, checkpoint, metadata, new_versions
            ),
            transaction=True,
        )

    async def aput_batch(self, calls: Sequence[BatchCall]) -> None:
        """The calls in one transaction and, usually, one statement (see `_batch`). Runs do not
        group their calls on this saver (`groups_writes` stays False): a sync `@task` records its
        result through the sync `put_batch`, which cannot wait on the saver's own loop."""
        if not calls:
            return
        try:
            if await self._run(gathered(self.serde, calls)):
                return
        except psycopg.Error:
            pass  # nothing stored: run it again below, for the outcome of a plain run
        await self._run(plain(self.serde, calls), transaction=True)

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        await self._run(_ops.put_writes(self.serde, config, writes, task_id, task_path))

    async def aput_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        await self._run(_ops.put_interrupts(self.serde, config, task_id, interrupts))

    async def aindex_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        await self._run(_ops.index_interrupts(self.serde, config, interrupts))

    async def aput_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        """One statement, so atomic on its own, and committed before this returns."""
        await self._run(_ops.put_answers(self.serde, config, answers))

    async def adelete_thread(self, thread_id: str) -> None:
        await self._run(_ops.delete_thread(thread_id))

    async def aprune(self, thread_id: str, *, keep_last: int) -> int:
        """See `PostgresSaver.prune`."""
        return await self._run(_ops.prune(thread_id, keep_last), transaction=True)

    def get_next_version(self, current: ChannelVersion | None, channel: str) -> ChannelVersion:
        return next_version(current)

    # --- sync versions, for other threads ---

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return self._sync(self.aget_tuple(config))

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
            yield from self._sync(self._run(query.next_page(self.serde)))

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        return self._sync(
            self.apending_interrupts(
                thread_id=thread_id, graph=graph, node=node, limit=limit, cursor=cursor
            )
        )

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        return self._sync(self.aanswers(thread_id))

    def list_threads(
        self, status: ThreadStatus | None = None, *, limit: int | None = None
    ) -> builtins.list[ThreadInfo]:
        return self._sync(self.alist_threads(status=status, limit=limit))

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self._sync(self.aput(config, checkpoint, metadata, new_versions))

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
        return self._sync(
            self.aput_step(writes_at, writes, config, checkpoint, metadata, new_versions)
        )

    def put_batch(self, calls: Sequence[BatchCall]) -> None:
        self._sync(self.aput_batch(calls))

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        self._sync(self.aput_writes(config, writes, task_id, task_path))

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self._sync(self.aput_interrupts(config, task_id, interrupts))

    def index_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self._sync(self.aindex_interrupts(config, interrupts))

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        self._sync(self.aput_answers(config, answers))

    def delete_thread(self, thread_id: str) -> None:
        self._sync(self.adelete_thread(thread_id))

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        return self._sync(self.aprune(thread_id, keep_last=keep_last))


@asynccontextmanager
async def _locked(
    lock: asyncio.Lock, conn: psycopg.AsyncConnection[Any]
) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
    async with lock:
        yield conn


__all__ = ["AsyncPostgresSaver"]
