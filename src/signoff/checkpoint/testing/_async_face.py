"""Running the whole conformance suite through a saver's async methods.

`AsyncFace(saver, loop)` is a saver whose every sync method awaits the wrapped saver's `a*` twin on
`loop` (a `LoopThread`), so each synchronous check also checks the async methods, the same way,
without a second copy of the suite. Checks that call from several threads at once become
concurrent coroutines on the one loop.

    with LoopThread() as loop:
        check(AsyncFace(saver, loop))

A saver that must be created inside its event loop (`AsyncPostgresSaver`) is created with
`loop.run(make())` and then used both ways: directly (its sync methods hand work to the loop) and
through `AsyncFace`.
"""

from __future__ import annotations

import asyncio
import builtins
import threading
from collections.abc import AsyncIterator, Coroutine, Iterator, Mapping, Sequence
from typing import Any, TypeVar

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

T = TypeVar("T")


class LoopThread:
    """An event loop running in a thread of its own until the `with` block ends."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self.loop.run_forever, name="saver-loop", daemon=True
        )

    def __enter__(self) -> LoopThread:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run `coro` on the loop and wait for its result (its exception is raised here)."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()


async def _collect(items: AsyncIterator[CheckpointTuple]) -> builtins.list[CheckpointTuple]:
    return [item async for item in items]


class AsyncFace(BaseCheckpointSaver):
    """The sync saver contract, fulfilled by awaiting `saver`'s async methods on `loop`."""

    def __init__(self, saver: BaseCheckpointSaver, loop: LoopThread) -> None:
        super().__init__(serde=saver.serde)
        self.saver = saver
        self.loop = loop
        self.groups_writes = saver.groups_writes  # type: ignore[misc]  # as the wrapped saver

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return self.loop.run(self.saver.aget_tuple(config))

    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        found = self.saver.alist(config, filter=filter, before=before, limit=limit)
        return iter(self.loop.run(_collect(found)))

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self.loop.run(self.saver.aput(config, checkpoint, metadata, new_versions))

    def put_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        stored = self.saver.aput_step(writes_at, writes, config, checkpoint, metadata, new_versions)
        return self.loop.run(stored)

    def put_batch(self, calls: Sequence[BatchCall]) -> None:
        self.loop.run(self.saver.aput_batch(calls))

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        self.loop.run(self.saver.aput_writes(config, writes, task_id, task_path))

    def delete_thread(self, thread_id: str) -> None:
        self.loop.run(self.saver.adelete_thread(thread_id))

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        return self.loop.run(self.saver.aprune(thread_id, keep_last=keep_last))

    def get_next_version(self, current: ChannelVersion | None, channel: str) -> ChannelVersion:
        return self.saver.get_next_version(current, channel)

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self.loop.run(self.saver.aput_interrupts(config, task_id, interrupts))

    def index_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self.loop.run(self.saver.aindex_interrupts(config, interrupts))

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        self.loop.run(self.saver.aput_answers(config, answers))

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        found = self.saver.apending_interrupts(
            thread_id=thread_id, graph=graph, node=node, limit=limit, cursor=cursor
        )
        return self.loop.run(found)

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        return self.loop.run(self.saver.aanswers(thread_id))

    def list_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        return self.loop.run(self.saver.alist_threads(status))

    def thread_status(self, thread_id: str) -> ThreadStatus | None:
        return self.loop.run(self.saver.athread_status(thread_id))
