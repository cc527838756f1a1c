"""The saver contract: what every checkpoint store (memory, SQLite, PostgreSQL) implements.

A thread's history is a chain of checkpoints per namespace (`""` for the root graph,
`"node:task_id"` for a subgraph). A checkpoint holds the channel values and versions at the start of
a superstep; the writes of that step's tasks are stored beside it (`put_writes`) until the step
completes and the next checkpoint is put.

Beyond LangGraph's contract, a saver keeps an index of the interrupts raised at the latest
checkpoint of each thread (`put_interrupts`; `index_interrupts` for questions answered as they were
asked), answers them atomically (`put_answers`: exactly one of several concurrent answers wins),
and keeps every answer for the audit trail (`answers`).

The records the contract speaks in (`Checkpoint`, `CheckpointTuple`, `InterruptRecord`, ...) and
the helpers for ids and configs are defined in `_records` and imported from here.
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar

from signoff.checkpoint._batch_calls import BATCH_METHODS, BatchCall, batch_method
from signoff.checkpoint._records import CHECKPOINT_FORMAT as CHECKPOINT_FORMAT
from signoff.checkpoint._records import NO_TIME_KEY as NO_TIME_KEY
from signoff.checkpoint._records import (
    AnswerRecord,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    PendingWrite,
    RunnableConfig,
    ThreadInfo,
    ThreadStatus,
    copy_checkpoint,
    empty_checkpoint,
    get_checkpoint_id,
    new_checkpoint_id,
)
from signoff.checkpoint._records import ChannelVersion as ChannelVersion
from signoff.checkpoint._records import StepWrites as StepWrites
from signoff.checkpoint._records import get_checkpoint_ns as get_checkpoint_ns
from signoff.checkpoint._records import get_thread_id as get_thread_id
from signoff.checkpoint._records import time_key as time_key
from signoff.checkpoint.serde import Serializer, default_serializer


class BaseCheckpointSaver(ABC):
    """Stores checkpoints, their pending writes, and the interrupt index of each thread.

    Sync methods are the contract; the async `a*` methods default to calling them directly, which
    suits savers whose I/O does not block (memory). Savers with blocking I/O provide real ones.
    """

    serde: Serializer

    def __init__(self, *, serde: Serializer | None = None) -> None:
        self.serde = serde or default_serializer()

    # --- reads ---

    @abstractmethod
    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        """The checkpoint named by `config` (`checkpoint_id`), or the thread's latest in its namespace."""

    @abstractmethod
    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        """Checkpoints newest first, filtered by thread/namespace in `config` and metadata `filter`."""

    def get(self, config: RunnableConfig) -> Checkpoint | None:
        t = self.get_tuple(config)
        return t.checkpoint if t else None

    # --- writes ---

    @abstractmethod
    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        """Store `checkpoint` as the child of the one named in `config`; return the config naming it.

        `new_versions` lists the channels whose value changed since the parent: only those values
        need storing (the others are referenced by version). Putting a root-namespace checkpoint
        drops the thread's still-pending interrupt index rows: the graph has moved on.
        """

    def put_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        """Finish a superstep: store each task's writes against the checkpoint named in
        `writes_at`, then `checkpoint` as the child of the one named in `config`.

        The same as calling `put_writes` for each task and then `put`; savers with transactions
        do it in one, so a step costs one commit and a crash keeps all of it or none of it.
        """
        for task_id, task_writes in writes:
            self.put_writes(writes_at, task_writes, task_id, "")
        return self.put(config, checkpoint, metadata, new_versions)

    groups_writes: ClassVar[bool] = False
    """Whether `put_batch` costs less than its calls made one by one (SQLite: one commit instead
    of several), and its sync form is safe from any thread. With `durability="async"` a run on
    such a saver holds quick steps back and stores them together (`signoff.runtime.grouping`)."""

    def put_batch(self, calls: Sequence[BatchCall]) -> None:
        """Make several write calls, in order: each a method name in `BATCH_METHODS` (`put`,
        `put_step`, `put_writes`, `put_interrupts`, `index_interrupts`) and its arguments. Savers
        with transactions make the batch one; the default makes the calls one by one."""
        for method, args in calls:
            getattr(self, batch_method(method))(*args)

    @abstractmethod
    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        """Store a task's writes against the checkpoint named in `config`.

        Writes to special channels (`__error__`, `__interrupt__`, `__resume__`) replace that task's
        earlier write to the same channel; other writes are stored once (a retry writes nothing new).
        """

    @abstractmethod
    def delete_thread(self, thread_id: str) -> None:
        """Forget everything stored for the thread, interrupts included."""

    @abstractmethod
    def prune(self, thread_id: str, *, keep_last: int) -> int:
        """Drop old checkpoints of the thread; returns how many were dropped.

        Keeps the `keep_last` newest root checkpoints, every checkpoint with a pending interrupt,
        and the subgraph checkpoints whose parent-graph checkpoints are kept; a kept checkpoint
        whose parent is dropped becomes the start of the history (`parent_config` None). Answers
        stay. The full rule is in `signoff.checkpoint._retention`. `keep_last < 1` is a
        `ValueError` and drops nothing.
        """

    def get_next_version(self, current: ChannelVersion | None, channel: str) -> ChannelVersion:
        """The version after `current`. Ints here; durable savers that share blobs across forks of a
        thread must make versions unique per thread (e.g. a counter plus a random suffix)."""
        if current is None:
            return 1
        if isinstance(current, str):
            current = int(current.split(".", 1)[0])
        return int(current) + 1

    # --- signoff's interrupt index and answers ---

    @abstractmethod
    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        """Record that task `task_id` paused on `interrupts` at the checkpoint named by `config`.

        Atomically: replaces the task's `__interrupt__` pending write with the list of
        `signoff.types.Interrupt` built from the records, and adds the records to the pending index
        (a record whose interrupt id is already indexed for this checkpoint is replaced if still
        pending, left alone if answered).
        """

    def index_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        """Add `interrupts` to the pending index as `put_interrupts` does, without the task's
        `__interrupt__` write: for questions a null resume answers as they are asked, which are
        claimed (`put_answers`) at once and which the checkpoint's history must not show raised.

        A missing checkpoint is a `ValueError`. This default makes the write too, by
        `put_interrupts`: exactly-once answers hold, but the history shows the question.
        """
        by_task: dict[str, builtins.list[InterruptRecord]] = {}
        for record in interrupts:
            by_task.setdefault(record.task_id, []).append(record)
        for task_id, records in by_task.items():
            self.put_interrupts(config, task_id, records)

    @abstractmethod
    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        """Answer pending interrupts of the checkpoint named by `config`, all or nothing.

        If any of the interrupt ids is not pending at that checkpoint (answered already, by a
        concurrent caller too, or never raised), raise `InterruptAlreadyAnsweredError` and store
        nothing (an id given twice in one call counts as answered twice). Otherwise mark them answered, keep the records for `answers()`, and make each
        answer visible in `get_tuple(...).pending_writes` as `(task_id, "__resume__",
        {interrupt_id: value})`, in the order answered.
        """

    @abstractmethod
    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        """Unanswered interrupts across threads, oldest first (by `created_at`, then interrupt id,
        then thread id); filtered by thread, graph and node.

        `cursor` is the interrupt id of the last record of the previous page; the next page starts
        after it, also when that interrupt has been answered since. A cursor naming no stored
        interrupt (its thread deleted, its checkpoint pruned) raises `ValueError`: reading on
        from the start would repeat what the caller already has.
        """

    @abstractmethod
    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        """Every answer given on the thread, oldest first (kept when checkpoints are pruned)."""

    def list_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        """Every thread with a root checkpoint, most recently updated first, optionally by status.

        This default walks `list(None)`; durable savers answer it from an index instead.
        """
        latest: dict[str, CheckpointTuple] = {}
        for t in self.list(None):
            conf = t.config["configurable"]
            if conf.get("checkpoint_ns", "") == "" and conf["thread_id"] not in latest:
                latest[conf["thread_id"]] = t
        interrupted = {r.thread_id for r in self.pending_interrupts()}
        infos = [_thread_info(tid, t, tid in interrupted) for tid, t in latest.items()]
        infos.sort(key=lambda i: i.checkpoint_id, reverse=True)
        return [i for i in infos if status is None or i.status == status]

    def thread_status(self, thread_id: str) -> ThreadStatus | None:
        """One thread's status (`interrupted`, `error` or `idle`), or None when the thread has
        no checkpoint: its latest root checkpoint and whether it has a pending interrupt."""
        latest = self.get_tuple({"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}})
        if latest is None:
            return None
        interrupted = bool(self.pending_interrupts(thread_id=thread_id, limit=1))
        return _thread_info(thread_id, latest, interrupted).status

    # --- async ---

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        return self.get_tuple(config)

    async def alist(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[CheckpointTuple]:
        for item in self.list(config, filter=filter, before=before, limit=limit):
            yield item

    async def aget(self, config: RunnableConfig) -> Checkpoint | None:
        t = await self.aget_tuple(config)
        return t.checkpoint if t else None

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self.put(config, checkpoint, metadata, new_versions)

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        self.put_writes(config, writes, task_id, task_path)

    async def aput_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self.put_step(writes_at, writes, config, checkpoint, metadata, new_versions)

    async def aput_batch(self, calls: Sequence[BatchCall]) -> None:
        for method, args in calls:
            await getattr(self, "a" + batch_method(method))(*args)

    async def adelete_thread(self, thread_id: str) -> None:
        self.delete_thread(thread_id)

    async def aprune(self, thread_id: str, *, keep_last: int) -> int:
        return self.prune(thread_id, keep_last=keep_last)

    async def aput_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self.put_interrupts(config, task_id, interrupts)

    async def aindex_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        self.index_interrupts(config, interrupts)

    async def aput_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        self.put_answers(config, answers)

    async def apending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        return self.pending_interrupts(
            thread_id=thread_id, graph=graph, node=node, limit=limit, cursor=cursor
        )

    async def aanswers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        return self.answers(thread_id)

    async def alist_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        return self.list_threads(status)

    async def athread_status(self, thread_id: str) -> ThreadStatus | None:
        latest = await self.aget_tuple(
            {"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}}
        )
        if latest is None:
            return None
        interrupted = bool(await self.apending_interrupts(thread_id=thread_id, limit=1))
        return _thread_info(thread_id, latest, interrupted).status


def _thread_info(thread_id: str, t: CheckpointTuple, interrupted: bool) -> ThreadInfo:
    failed = any(w[1] == "__error__" for w in t.pending_writes or ())
    status: ThreadStatus = "interrupted" if interrupted else "error" if failed else "idle"
    try:
        updated_at: datetime | None = datetime.fromisoformat(t.checkpoint["ts"])
    except (KeyError, TypeError, ValueError):
        updated_at = None
    return ThreadInfo(
        thread_id=thread_id,
        checkpoint_id=t.checkpoint["id"],
        updated_at=updated_at,
        status=status,
        metadata=dict(t.metadata),
    )


__all__ = [
    "BATCH_METHODS",
    "AnswerRecord",
    "BaseCheckpointSaver",
    "BatchCall",
    "ChannelVersions",
    "Checkpoint",
    "CheckpointMetadata",
    "CheckpointTuple",
    "InterruptRecord",
    "PendingWrite",
    "RunnableConfig",
    "ThreadInfo",
    "ThreadStatus",
    "copy_checkpoint",
    "empty_checkpoint",
    "get_checkpoint_id",
    "new_checkpoint_id",
]
