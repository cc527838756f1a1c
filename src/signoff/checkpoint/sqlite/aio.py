"""`AsyncSqliteSaver`: the SQLite saver for async graphs, with the same storage and semantics.

Each async method runs the matching `SqliteSaver` method on a worker thread (`asyncio.to_thread`),
so the event loop never waits on the disk or on another process's write lock. The connection is
shared by the worker threads under the saver's lock. The sync methods also work (from any thread,
the loop's included: they simply block), which LangGraph's async SQLite saver does not allow.

    async with AsyncSqliteSaver.from_conn_string("threads.db") as saver:
        graph = builder.compile(checkpointer=saver)
"""

from __future__ import annotations

import asyncio
import builtins
import sqlite3
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

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
from signoff.checkpoint.serde import Serializer
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.sqlite._conn import open_connection


class AsyncSqliteSaver(BaseCheckpointSaver):
    """Async face of `SqliteSaver`; `conn` needs `check_same_thread=False` (worker threads use it)."""

    def __init__(self, conn: sqlite3.Connection, *, serde: Serializer | None = None) -> None:
        super().__init__(serde=serde)
        self.conn = conn
        self.sync = SqliteSaver(conn, serde=self.serde)

    @classmethod
    @asynccontextmanager
    async def from_conn_string(
        cls, conn_string: str, *, serde: Serializer | None = None
    ) -> AsyncIterator[AsyncSqliteSaver]:
        """Open a file path, `":memory:"` or `file:` URI; the connection closes on exit."""
        conn = await asyncio.to_thread(open_connection, conn_string)
        saver = None
        try:
            saver = cls(conn, serde=serde)
            await saver.setup()
            yield saver
        finally:
            if saver is not None:
                await asyncio.to_thread(saver.sync.close)
            await asyncio.to_thread(conn.close)

    async def setup(self) -> None:
        """Create or migrate the schema; idempotent and safe while other processes use the file."""
        await asyncio.to_thread(self.sync.setup)

    # --- sync methods: the same saver, called directly ---

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return self.sync.get_tuple(config)

    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        return self.sync.list(config, filter=filter, before=before, limit=limit)

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self.sync.put(config, checkpoint, metadata, new_versions)

    def put_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self.sync.put_step(writes_at, writes, config, checkpoint, metadata, new_versions)

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        self.sync.put_writes(config, writes, task_id, task_path)

    groups_writes = True

    def put_batch(self, calls: Sequence[BatchCall]) -> None:
        self.sync.put_batch(calls)

    def delete_thread(self, thread_id: str) -> None:
        self.sync.delete_thread(thread_id)

    def get_next_version(self, current: ChannelVersion | None, channel: str) -> ChannelVersion:
        return self.sync.get_next_version(current, channel)

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self.sync.put_interrupts(config, task_id, interrupts)

    def index_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self.sync.index_interrupts(config, interrupts)

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        self.sync.put_answers(config, answers)

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        return self.sync.pending_interrupts(
            thread_id=thread_id, graph=graph, node=node, limit=limit, cursor=cursor
        )

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        return self.sync.answers(thread_id)

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        return self.sync.prune(thread_id, keep_last=keep_last)

    def list_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        return self.sync.list_threads(status)

    # --- async methods: the same calls on a worker thread ---

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return await asyncio.to_thread(self.sync.get_tuple, config)

    async def alist(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[CheckpointTuple]:
        pages = self.sync.list(config, filter=filter, before=before, limit=limit)
        while True:
            batch = await asyncio.to_thread(_next_batch, pages)
            for item in batch:
                yield item
            if len(batch) < _BATCH:
                return

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return await asyncio.to_thread(self.sync.put, config, checkpoint, metadata, new_versions)

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        await asyncio.to_thread(self.sync.put_writes, config, writes, task_id, task_path)

    async def aput_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return await asyncio.to_thread(
            self.sync.put_step, writes_at, writes, config, checkpoint, metadata, new_versions
        )

    async def aput_batch(self, calls: Sequence[BatchCall]) -> None:
        await asyncio.to_thread(self.sync.put_batch, calls)

    async def adelete_thread(self, thread_id: str) -> None:
        await asyncio.to_thread(self.sync.delete_thread, thread_id)

    async def aput_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        await asyncio.to_thread(self.sync.put_interrupts, config, task_id, interrupts)

    async def aindex_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        await asyncio.to_thread(self.sync.index_interrupts, config, interrupts)

    async def aput_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        await asyncio.to_thread(self.sync.put_answers, config, answers)

    async def apending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        return await asyncio.to_thread(
            self.sync.pending_interrupts,
            thread_id=thread_id,
            graph=graph,
            node=node,
            limit=limit,
            cursor=cursor,
        )

    async def aanswers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        return await asyncio.to_thread(self.sync.answers, thread_id)

    async def aprune(self, thread_id: str, *, keep_last: int) -> int:
        return await asyncio.to_thread(self.sync.prune, thread_id, keep_last=keep_last)

    async def alist_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        return await asyncio.to_thread(self.sync.list_threads, status)


_BATCH = 100


def _next_batch(items: Iterator[CheckpointTuple]) -> list[CheckpointTuple]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == _BATCH:
            break
    return batch


__all__ = ["AsyncSqliteSaver"]
