"""`InMemorySaver`: the saver for tests, notebooks and single-process use.

Checkpoints are kept by reference, not serialized: channel values are never mutated in place by the
runtime (reducers build new values), so sharing them between checkpoints is safe and fast.
"""

from __future__ import annotations

import builtins
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from signoff.checkpoint.base import (
    AnswerRecord,
    BaseCheckpointSaver,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    RunnableConfig,
    get_checkpoint_id,
    get_checkpoint_ns,
    get_thread_id,
)
from signoff.checkpoint.serde import Serializer
from signoff.constants import ERROR, INTERRUPT, RESUME
from signoff.errors import InterruptAlreadyAnsweredError

_REPLACED = frozenset({ERROR, INTERRUPT, RESUME})


class _Stored:
    __slots__ = ("checkpoint", "metadata", "parent_id", "writes")

    def __init__(self, checkpoint: Checkpoint, metadata: CheckpointMetadata, parent_id: str | None):
        self.checkpoint = checkpoint
        self.metadata = metadata
        self.parent_id = parent_id
        # (task_id, channel or idx) -> (task_id, channel, value); dict keeps insertion order
        self.writes: dict[tuple[str, str | int], tuple[str, str, Any]] = {}


class InMemorySaver(BaseCheckpointSaver):
    """Keeps every thread in this process's memory; gone when the process exits."""

    def __init__(self, *, serde: Serializer | None = None) -> None:
        super().__init__(serde=serde)
        self._lock = threading.RLock()
        # thread_id -> ns -> checkpoint_id -> stored (ids sort by creation time)
        self._threads: defaultdict[str, defaultdict[str, dict[str, _Stored]]] = defaultdict(
            lambda: defaultdict(dict)
        )
        self._latest: dict[tuple[str, str], str] = {}
        # thread_id -> interrupt_id -> record, for the latest root checkpoint
        self._pending: dict[str, dict[str, InterruptRecord]] = {}
        self._answers: defaultdict[str, list[AnswerRecord]] = defaultdict(list)

    def __enter__(self) -> InMemorySaver:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    # --- reads ---

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        thread_id = get_thread_id(config)
        if thread_id is None:
            return None
        ns = get_checkpoint_ns(config)
        with self._lock:
            checkpoint_id = get_checkpoint_id(config) or self._latest.get((thread_id, ns))
            if checkpoint_id is None:
                return None
            stored = self._find(thread_id, ns, checkpoint_id)
            if stored is None:
                return None
            return self._tuple(thread_id, ns, checkpoint_id, stored)

    def _find(self, thread_id: str, ns: str, checkpoint_id: str) -> _Stored | None:
        by_ns = self._threads.get(thread_id)
        return None if by_ns is None or ns not in by_ns else by_ns[ns].get(checkpoint_id)

    def _tuple(self, thread_id: str, ns: str, checkpoint_id: str, s: _Stored) -> CheckpointTuple:
        parent = (
            {
                "configurable": {
                    "thread_id": thread_id,
                    "checkpoint_ns": ns,
                    "checkpoint_id": s.parent_id,
                }
            }
            if s.parent_id
            else None
        )
        return CheckpointTuple(
            config={
                "configurable": {
                    "thread_id": thread_id,
                    "checkpoint_ns": ns,
                    "checkpoint_id": checkpoint_id,
                }
            },
            checkpoint=s.checkpoint,
            metadata=s.metadata,
            parent_config=parent,
            pending_writes=list(s.writes.values()),
        )

    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        thread_id = get_thread_id(config) if config else None
        ns = config.get("configurable", {}).get("checkpoint_ns") if config else None
        wanted_id = get_checkpoint_id(config) if config else None
        before_id = get_checkpoint_id(before) if before else None
        with self._lock:
            found: list[CheckpointTuple] = []
            threads = [thread_id] if thread_id is not None else list(self._threads)
            for tid in threads:
                for cns, by_id in self._threads.get(tid, {}).items():
                    if ns is not None and cns != ns:
                        continue
                    for cid in sorted(by_id, reverse=True):
                        if wanted_id and cid != wanted_id:
                            continue
                        if before_id and cid >= before_id:
                            continue
                        s = by_id[cid]
                        if filter and any(s.metadata.get(k) != v for k, v in filter.items()):
                            continue
                        found.append(self._tuple(tid, cns, cid, s))
        found.sort(key=lambda t: t.config["configurable"]["checkpoint_id"], reverse=True)
        yield from found[:limit] if limit is not None else found

    # --- writes ---

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        thread_id = get_thread_id(config)
        if thread_id is None:
            raise ValueError(
                "config['configurable']['thread_id'] is required to store a checkpoint"
            )
        ns = get_checkpoint_ns(config)
        stored = _Stored(
            {**checkpoint, "channel_values": dict(checkpoint["channel_values"])},
            metadata,
            get_checkpoint_id(config),
        )
        with self._lock:
            self._threads[thread_id][ns][checkpoint["id"]] = stored
            latest = self._latest.get((thread_id, ns))
            if latest is None or checkpoint["id"] > latest:
                self._latest[(thread_id, ns)] = checkpoint["id"]
            if ns == "":
                self._pending.pop(thread_id, None)
        return {
            "configurable": {
                "thread_id": thread_id,
                "checkpoint_ns": ns,
                "checkpoint_id": checkpoint["id"],
            }
        }

    def _stored(self, config: RunnableConfig) -> _Stored:
        thread_id = get_thread_id(config)
        checkpoint_id = get_checkpoint_id(config)
        stored = self._find(thread_id or "", get_checkpoint_ns(config), checkpoint_id or "")
        if stored is None:
            raise ValueError(
                f"thread {thread_id!r} has no checkpoint {checkpoint_id!r}; writes need a stored checkpoint"
            )
        return stored

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        with self._lock:
            stored = self._stored(config)
            for idx, (channel, value) in enumerate(writes):
                key: tuple[str, str | int] = (task_id, channel if channel in _REPLACED else idx)
                if channel in _REPLACED or key not in stored.writes:
                    stored.writes[key] = (task_id, channel, value)

    def delete_thread(self, thread_id: str) -> None:
        with self._lock:
            self._threads.pop(thread_id, None)
            for key in [k for k in self._latest if k[0] == thread_id]:
                del self._latest[key]
            self._pending.pop(thread_id, None)
            self._answers.pop(thread_id, None)

    # --- interrupts and answers ---

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        from signoff.types import Interrupt

        with self._lock:
            stored = self._stored(config)
            stored.writes[(task_id, INTERRUPT)] = (
                task_id,
                INTERRUPT,
                [
                    Interrupt(r.value, r.interrupt_id, response_schema=r.response_schema)
                    for r in interrupts
                ],
            )
            if get_checkpoint_ns(config) != "":
                return
            pending = self._pending.setdefault(interrupts[0].thread_id, {}) if interrupts else {}
            answered = {a.interrupt_id for a in self._answers.get(get_thread_id(config) or "", ())}
            for rec in interrupts:
                if rec.interrupt_id not in answered:
                    pending[rec.interrupt_id] = rec

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        thread_id = get_thread_id(config) or ""
        checkpoint_id = get_checkpoint_id(config)
        with self._lock:
            stored = self._stored(config)
            pending = self._pending.get(thread_id, {})
            seen: set[str] = set()
            for a in answers:
                rec = pending.get(a.interrupt_id)
                if rec is None or rec.checkpoint_id != checkpoint_id or a.interrupt_id in seen:
                    raise InterruptAlreadyAnsweredError(
                        f"interrupt {a.interrupt_id} of thread {thread_id!r} is not pending "
                        "(already answered?); read the thread's state and answer what is pending",
                        thread_id=thread_id,
                        interrupt_id=a.interrupt_id,
                    )
                seen.add(a.interrupt_id)
            now = datetime.now(timezone.utc)
            for a in answers:
                rec = pending.pop(a.interrupt_id)
                if a.answered_at is None:
                    a = _with_time(a, now)
                self._answers[thread_id].append(a)
                stored.writes[(a.task_id, f"{RESUME}:{a.interrupt_id}")] = (
                    a.task_id,
                    RESUME,
                    {a.interrupt_id: a.value},
                )
            if not pending:
                self._pending.pop(thread_id, None)

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        with self._lock:
            if thread_id is not None:
                records = list(self._pending.get(thread_id, {}).values())
            else:
                records = [r for recs in self._pending.values() for r in recs.values()]
        records = [
            r
            for r in records
            if (graph is None or r.graph == graph) and (node is None or r.node == node)
        ]
        records.sort(
            key=lambda r: (
                r.created_at or datetime.min.replace(tzinfo=timezone.utc),
                r.interrupt_id,
            )
        )
        if cursor is not None:
            ids = [r.interrupt_id for r in records]
            if cursor in ids:
                records = records[ids.index(cursor) + 1 :]
        return records[:limit] if limit is not None else records

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        with self._lock:
            return list(self._answers.get(thread_id, ()))


def _with_time(a: AnswerRecord, now: datetime) -> AnswerRecord:
    from dataclasses import replace

    return replace(a, answered_at=now)


MemorySaver = InMemorySaver

__all__ = ["InMemorySaver", "MemorySaver"]
