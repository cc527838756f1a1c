"""`InMemorySaver`: the saver for tests, notebooks and single-process use.

What a caller hands in is never stored by reference, so changing it after `put` (as the runtime
does with the checkpoint dict it just put, and as a node does that appends to a state list in
place) never changes history, and what the reads return is the caller's own copy:

- channel values, pending writes, interrupt payloads and answers are serialized, as the durable
  savers store them (so a value SQLite could not store fails here too, at `put`), except values
  of immutable types, kept as they are; metadata of plain values is copied, other metadata
  serialized;
- the version maps are copied: `channel_versions`, and `versions_seen` one level deep. Its
  per-node maps are shared with the caller, who must not change them in place after `put`; the
  runtime never does (it builds a new map for a node). Reads copy them.

Storage is by delta like the durable savers': a checkpoint keeps, per channel, the version and a
reference to the serialized value; a value unchanged since the parent checkpoint is shared with it,
so a step serializes only its metadata and the channels it changed, in one serializer call.

This module indexes checkpoints by thread, namespace and id, and takes the lock. One stored
checkpoint and its delta encoding are in `_memory_checkpoints`, the copies of values in
`_memory_records`, the interrupt index and the answers in `_memory_interrupts`.
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from signoff.checkpoint import _retention
from signoff.checkpoint._memory_checkpoints import (
    NOTHING,
    Saved,
    Write,
    decode_metadata,
    decode_tuple,
    encode_checkpoint,
    saved_config,
    store_writes,
)
from signoff.checkpoint._memory_interrupts import (
    InterruptBook,
    encode_interrupts,
    encode_raised,
    inbox_page,
)
from signoff.checkpoint._memory_records import (
    Keyed,
    MessageMemo,
    Ref,
    encode_values,
    encode_writes,
    thread_info,
)
from signoff.checkpoint.base import (
    AnswerRecord,
    BaseCheckpointSaver,
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
from signoff.constants import INTERRUPT, RESUME


class InMemorySaver(BaseCheckpointSaver):
    """Keeps every thread in this process's memory; gone when the process exits."""

    def __init__(self, *, serde: Serializer | None = None) -> None:
        super().__init__(serde=serde)
        self._lock = threading.RLock()
        # thread_id -> ns -> checkpoint_id -> saved (ids sort by creation time)
        self._threads: dict[str, dict[str, dict[str, Saved]]] = {}
        self._latest: dict[tuple[str, str], str] = {}
        self._interrupts = InterruptBook()
        self._messages = MessageMemo()

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
            saved = self._find(thread_id, ns, checkpoint_id) if checkpoint_id else None
            if saved is None or checkpoint_id is None:
                return None
            writes = list(saved.writes.values())
        return decode_tuple(self.serde, thread_id, ns, checkpoint_id, saved, writes)

    def _find(self, thread_id: str, ns: str, checkpoint_id: str) -> Saved | None:
        return self._threads.get(thread_id, {}).get(ns, {}).get(checkpoint_id)

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
            found: list[tuple[str, str, str, Saved, list[Write]]] = []
            threads = [thread_id] if thread_id is not None else list(self._threads)
            for tid in threads:
                for cns, by_id in self._threads.get(tid, {}).items():
                    if ns is not None and cns != ns:
                        continue
                    for cid, s in by_id.items():
                        if (wanted_id and cid != wanted_id) or (before_id and cid >= before_id):
                            continue
                        found.append((cid, tid, cns, s, list(s.writes.values())))
        found.sort(key=lambda f: f[:3], reverse=True)
        remaining = limit
        for cid, tid, cns, s, writes in found:
            if remaining is not None and remaining <= 0:
                return
            if filter:
                metadata = decode_metadata(self.serde, s)
                if any(metadata.get(k) != v for k, v in filter.items()):
                    continue
            yield decode_tuple(self.serde, tid, cns, cid, s, writes)
            if remaining is not None:
                remaining -= 1

    def list_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        with self._lock:
            latest = [
                (tid, cid, self._threads[tid][""][cid], self._interrupts.waiting(tid))
                for (tid, ns), cid in self._latest.items()
                if ns == ""
            ]
        infos = [
            thread_info(
                tid, cid, s.skeleton[1], decode_metadata(self.serde, s), s.writes, interrupted
            )
            for tid, cid, s, interrupted in latest
        ]
        infos.sort(key=lambda i: i.checkpoint_id, reverse=True)
        return [i for i in infos if status is None or i.status == status]

    # --- writes ---

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        return self._put(config, checkpoint, metadata, new_versions, NOTHING)

    def _put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
        written: Mapping[int, Ref],
    ) -> RunnableConfig:
        conf = config.get("configurable", {})
        if conf.get("thread_id") is None:
            raise ValueError(
                "config['configurable']['thread_id'] is required to store a checkpoint"
            )
        thread_id, ns, parent_id = str(conf["thread_id"]), conf.get("checkpoint_ns", ""), None
        parent_id = conf.get("checkpoint_id")
        checkpoint_id = checkpoint["id"]
        with self._lock:
            parent = self._find(thread_id, ns, parent_id) if parent_id else None
            values, meta = encode_checkpoint(
                self.serde,
                self._messages,
                thread_id,
                checkpoint,
                metadata,
                new_versions,
                parent,
                written,
            )
            by_id = self._threads.setdefault(thread_id, {}).setdefault(ns, {})
            by_id[checkpoint_id] = Saved(checkpoint, meta, parent_id, values)
            latest = self._latest.get((thread_id, ns))
            if latest is None or checkpoint_id > latest:
                self._latest[(thread_id, ns)] = checkpoint_id
            if ns == "":
                self._interrupts.drop_pending(thread_id)
        return saved_config(thread_id, ns, checkpoint_id)

    def _saved(self, config: RunnableConfig) -> Saved:
        thread_id = get_thread_id(config)
        checkpoint_id = get_checkpoint_id(config)
        saved = self._find(thread_id or "", get_checkpoint_ns(config), checkpoint_id or "")
        if saved is None:
            raise ValueError(
                f"thread {thread_id!r} has no checkpoint {checkpoint_id!r}; "
                "writes need a stored checkpoint"
            )
        return saved

    def put_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        """The step's task writes and its new checkpoint at once: a reader sees both or neither,
        and a value that cannot be stored stores none of them."""
        values = [value for _, task_writes in writes for _, value in task_writes]
        refs, written = encode_writes(self.serde, values)
        with self._lock:
            saved = self._saved(writes_at) if writes else None
            stored = self._put(config, checkpoint, metadata, new_versions, written)
            if saved is not None:
                at = 0
                for task_id, task_writes in writes:
                    store_writes(saved, task_id, task_writes, refs, at)
                    at += len(task_writes)
            return stored

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        refs = encode_values(self.serde, [value for _, value in writes])
        with self._lock:
            store_writes(self._saved(config), task_id, writes, refs)

    def delete_thread(self, thread_id: str) -> None:
        with self._lock:
            for ns in self._threads.pop(thread_id, {}):
                self._latest.pop((thread_id, ns), None)
            self._interrupts.forget(thread_id)

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        _retention.check_keep_last(thread_id, keep_last)
        with self._lock:
            by_ns = self._threads.get(thread_id, {})
            stored = [
                _retention.Stored(
                    ns, cid, s.parent_id, _retention.parents_of(decode_metadata(self.serde, s))
                )
                for ns, by_id in by_ns.items()
                for cid, s in by_id.items()
            ]
            pinned = [r.where for r in self._interrupts.pending_of(thread_id)]
            kept = _retention.kept(stored, pinned, keep_last)
            gone = {(s.checkpoint_ns, s.checkpoint_id) for s in stored} - kept
            for ns, cid in _retention.cut_links(stored, kept):
                by_ns[ns][cid].parent_id = None
            for ns, cid in gone:
                del by_ns[ns][cid]
            for ns in {ns for ns, _ in gone}:
                if by_ns[ns]:
                    self._latest[(thread_id, ns)] = max(by_ns[ns])
                else:
                    del by_ns[ns]
                    self._latest.pop((thread_id, ns), None)
            self._interrupts.forget_answered(thread_id, gone)
            return len(gone)

    # --- interrupts and answers ---

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        write, raised = encode_interrupts(self.serde, interrupts)
        thread_id = get_thread_id(config) or ""
        with self._lock:
            saved = self._saved(config)
            saved.writes[(task_id, INTERRUPT)] = (task_id, INTERRUPT, write)
            if get_checkpoint_ns(config) != "":
                return
            self._interrupts.index(thread_id, raised)

    def index_interrupts(
        self, config: RunnableConfig, interrupts: Sequence[InterruptRecord]
    ) -> None:
        raised = encode_raised(self.serde, interrupts)
        with self._lock:
            self._saved(config)  # the checkpoint must be stored, as for a write
            if get_checkpoint_ns(config) == "":
                self._interrupts.index(get_thread_id(config) or "", raised)

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        thread_id = get_thread_id(config) or ""
        checkpoint_id = get_checkpoint_id(config)
        now = datetime.now(timezone.utc)
        refs = encode_values(self.serde, [a.value for a in answers])
        with self._lock:
            saved = self._saved(config)
            self._interrupts.answer(thread_id, checkpoint_id, answers, refs, now)
            for a, ref in zip(answers, refs, strict=True):
                resume: Ref = (Keyed(a.interrupt_id), ref)
                saved.writes[(a.task_id, f"{RESUME}:{a.interrupt_id}")] = (
                    a.task_id,
                    RESUME,
                    resume,
                )

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
            raised, position = self._interrupts.pending(thread_id, cursor)
        chosen = inbox_page(raised, position, graph=graph, node=node, limit=limit)
        return [r.record(self.serde) for r in chosen]

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        with self._lock:
            given = self._interrupts.given(thread_id)
        return [a.record(self.serde) for a in given]


MemorySaver = InMemorySaver

__all__ = ["InMemorySaver", "MemorySaver"]
