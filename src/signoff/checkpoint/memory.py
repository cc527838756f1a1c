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
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from signoff.checkpoint import _retention
from signoff.checkpoint._memory_records import (
    FLAT,
    IMMUTABLE,
    Answered,
    Decoder,
    Keyed,
    MessageMemo,
    Raised,
    Ref,
    encode_values,
    encode_writes,
    flat_copy,
    is_message,
    thread_info,
)
from signoff.checkpoint.base import (
    AnswerRecord,
    BaseCheckpointSaver,
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
from signoff.constants import ERROR, INTERRUPT, RESUME
from signoff.errors import InterruptAlreadyAnsweredError

_REPLACED = frozenset({ERROR, INTERRUPT, RESUME})
_NOTHING: dict[Any, Any] = {}
_NO_VERSION: Any = object()

Blob = tuple[str, bytes]
WriteKey = tuple[str, str | int]
Write = tuple[str, str, Ref]


class _Saved:
    """One stored checkpoint: copies of its version maps, references to copies of its metadata
    and of each channel's value (with the channel's version), and its pending writes."""

    __slots__ = ("metadata", "parent_id", "seen", "skeleton", "values", "versions", "writes")

    def __init__(
        self,
        checkpoint: Checkpoint,
        metadata: Ref,
        parent_id: str | None,
        values: dict[str, tuple[ChannelVersion, Ref]],
    ) -> None:
        updated = checkpoint.get("updated_channels")
        self.skeleton = (
            checkpoint["v"],
            checkpoint["ts"],
            None if updated is None else tuple(updated),
        )
        self.versions = dict(checkpoint["channel_versions"])
        self.seen = dict(checkpoint["versions_seen"])
        self.metadata = metadata
        self.parent_id = parent_id
        self.values = values
        # (task_id, channel or index) -> (task_id, channel, value); dict keeps insertion order
        self.writes: dict[WriteKey, Write] = {}


class InMemorySaver(BaseCheckpointSaver):
    """Keeps every thread in this process's memory; gone when the process exits."""

    def __init__(self, *, serde: Serializer | None = None) -> None:
        super().__init__(serde=serde)
        self._lock = threading.RLock()
        # thread_id -> ns -> checkpoint_id -> saved (ids sort by creation time)
        self._threads: dict[str, dict[str, dict[str, _Saved]]] = {}
        self._latest: dict[tuple[str, str], str] = {}
        # thread_id -> interrupt_id -> raised interrupt; pending ones only, then answered ones
        self._pending: dict[str, dict[str, Raised]] = {}
        self._answered: dict[str, dict[str, Raised]] = {}
        self._messages = MessageMemo()
        self._answers: dict[str, list[Answered]] = {}

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
        return self._tuple(thread_id, ns, checkpoint_id, saved, writes)

    def _find(self, thread_id: str, ns: str, checkpoint_id: str) -> _Saved | None:
        return self._threads.get(thread_id, {}).get(ns, {}).get(checkpoint_id)

    def _tuple(
        self,
        thread_id: str,
        ns: str,
        checkpoint_id: str,
        s: _Saved,
        writes: list[Write],
    ) -> CheckpointTuple:
        """Decode a stored checkpoint into a fresh tuple the caller may change freely."""
        decode = Decoder(self.serde)
        v, ts, updated = s.skeleton
        checkpoint = Checkpoint(
            v=v,
            id=checkpoint_id,
            ts=ts,
            channel_values={ch: decode(ref) for ch, (_, ref) in s.values.items()},
            channel_versions=dict(s.versions),
            versions_seen={node: dict(seen) for node, seen in s.seen.items()},
            updated_channels=None if updated is None else list(updated),
        )
        metadata = decode(s.metadata)
        return CheckpointTuple(
            config=_config(thread_id, ns, checkpoint_id),
            checkpoint=checkpoint,
            metadata=metadata,
            parent_config=_config(thread_id, ns, s.parent_id) if s.parent_id else None,
            pending_writes=[(task, channel, decode(ref)) for task, channel, ref in writes],
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
            found: list[tuple[str, str, str, _Saved, list[Write]]] = []
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
                metadata = self._meta(s)
                if any(metadata.get(k) != v for k, v in filter.items()):
                    continue
            yield self._tuple(tid, cns, cid, s, writes)
            if remaining is not None:
                remaining -= 1

    def list_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        with self._lock:
            latest = [
                (tid, cid, self._threads[tid][""][cid], tid in self._pending)
                for (tid, ns), cid in self._latest.items()
                if ns == ""
            ]
        infos = [
            thread_info(tid, cid, s.skeleton[1], self._meta(s), s.writes, interrupted)
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
        return self._put(config, checkpoint, metadata, new_versions, _NOTHING)

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
            values, meta = self._encode(
                thread_id, checkpoint, metadata, new_versions, parent, written
            )
            by_id = self._threads.setdefault(thread_id, {}).setdefault(ns, {})
            by_id[checkpoint_id] = _Saved(checkpoint, meta, parent_id, values)
            latest = self._latest.get((thread_id, ns))
            if latest is None or checkpoint_id > latest:
                self._latest[(thread_id, ns)] = checkpoint_id
            if ns == "":
                self._pending.pop(thread_id, None)
        return _config(thread_id, ns, checkpoint_id)

    def _encode(
        self,
        thread_id: str,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
        parent: _Saved | None,
        written: Mapping[int, Ref] = _NOTHING,
    ) -> tuple[dict[str, tuple[ChannelVersion, Ref]], Ref]:
        """References to the checkpoint's values and to its metadata. A value unchanged since
        `parent` is shared with it; changed ones are copied together with the metadata (one
        serializer call), except values of immutable types, which are kept as they are, and
        values that are the very objects a task of this step wrote (`written`, by `id`), whose
        copy was just made."""
        versions = checkpoint["channel_versions"]
        before = parent.values if parent is not None else _NOTHING
        stored: dict[str, tuple[ChannelVersion, Ref]] = {}
        copied: list[str] = []
        for channel, value in checkpoint["channel_values"].items():
            version = versions.get(channel, _NO_VERSION)
            if version is _NO_VERSION:
                raise ValueError(
                    f"checkpoint {checkpoint['id']} of thread {thread_id!r} has a value for "
                    f"channel {channel!r} but no version in channel_versions; give every channel "
                    "a version"
                )
            if channel not in new_versions:
                kept = before.get(channel)
                if kept is not None and kept[0] == version:
                    stored[channel] = kept
                    continue
            if type(value) in IMMUTABLE:
                stored[channel] = (version, (None, value))
            elif id(value) in written:
                stored[channel] = (version, written[id(value)])
            elif type(value) is list and value and is_message(value[-1]):
                # a conversation: only the messages this step added are serialized
                key = (thread_id, channel)
                stored[channel] = (
                    version,
                    self._messages.encode(self.serde, key, value, written),
                )
            else:
                stored[channel] = (version, (None, None))  # a place in the order, filled below
                copied.append(channel)
        values = checkpoint["channel_values"]
        flat = flat_copy(metadata)
        if flat is not None:
            refs = encode_values(self.serde, [values[ch] for ch in copied]) if copied else []
            for channel, ref in zip(copied, refs, strict=True):
                stored[channel] = (versions[channel], ref)
            return stored, (FLAT, flat)
        refs = encode_values(self.serde, [metadata, *[values[ch] for ch in copied]])
        for channel, ref in zip(copied, refs[1:], strict=True):
            stored[channel] = (versions[channel], ref)
        return stored, refs[0]

    def _saved(self, config: RunnableConfig) -> _Saved:
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
                    self._store_writes(saved, task_id, task_writes, refs, at)
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
            self._store_writes(self._saved(config), task_id, writes, refs)

    @staticmethod
    def _store_writes(
        saved: _Saved,
        task_id: str,
        writes: Sequence[tuple[str, Any]],
        refs: builtins.list[Ref],
        at: int = 0,
    ) -> None:
        """Keep a task's writes (`refs[at:]` copies their values) as `put_writes` documents."""
        stored = saved.writes
        for idx, (channel, _) in enumerate(writes):
            if channel in _REPLACED:
                stored[(task_id, channel)] = (task_id, channel, refs[at + idx])
            elif (task_id, idx) not in stored:
                stored[(task_id, idx)] = (task_id, channel, refs[at + idx])

    def delete_thread(self, thread_id: str) -> None:
        with self._lock:
            for ns in self._threads.pop(thread_id, {}):
                self._latest.pop((thread_id, ns), None)
            self._pending.pop(thread_id, None)
            self._answered.pop(thread_id, None)
            self._answers.pop(thread_id, None)

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        _retention.check_keep_last(thread_id, keep_last)
        with self._lock:
            by_ns = self._threads.get(thread_id, {})
            stored = [
                _retention.Stored(ns, cid, s.parent_id, _retention.parents_of(self._meta(s)))
                for ns, by_id in by_ns.items()
                for cid, s in by_id.items()
            ]
            pinned = [r.where for r in self._pending_of(thread_id)]
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
            answered = self._answered.get(thread_id, {})
            for iid in [i for i, r in answered.items() if r.where in gone]:
                del answered[iid]
            return len(gone)

    def _meta(self, s: _Saved) -> Any:
        return Decoder(self.serde)(s.metadata)

    # --- interrupts and answers ---

    def _pending_of(self, thread_id: str) -> builtins.list[Raised]:
        return list(self._pending.get(thread_id, {}).values())

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        from signoff.types import Interrupt

        write: list[Interrupt[Any]] = [
            Interrupt(r.value, r.interrupt_id, response_schema=r.response_schema)
            for r in interrupts
        ]
        refs = encode_values(
            self.serde, [write, *(v for r in interrupts for v in Raised.values_of(r))]
        )
        raised = [Raised(r, refs[1 + 3 * i : 4 + 3 * i]) for i, r in enumerate(interrupts)]
        thread_id = get_thread_id(config) or ""
        with self._lock:
            saved = self._saved(config)
            saved.writes[(task_id, INTERRUPT)] = (task_id, INTERRUPT, refs[0])
            if get_checkpoint_ns(config) != "":
                return
            answered = self._answered.get(thread_id, {})
            for r in raised:
                if r.interrupt_id not in answered:
                    self._pending.setdefault(thread_id, {})[r.interrupt_id] = r

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        thread_id = get_thread_id(config) or ""
        checkpoint_id = get_checkpoint_id(config)
        now = datetime.now(timezone.utc)
        refs = encode_values(self.serde, [a.value for a in answers])
        encoded = [Answered(a, ref, now) for a, ref in zip(answers, refs, strict=True)]
        resumes = [(Keyed(a.interrupt_id), ref) for a, ref in zip(answers, refs, strict=True)]
        with self._lock:
            saved = self._saved(config)
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
            for a, answer, resume in zip(answers, encoded, resumes, strict=True):
                self._answered.setdefault(thread_id, {})[a.interrupt_id] = pending.pop(
                    a.interrupt_id
                )
                self._answers.setdefault(thread_id, []).append(answer)
                saved.writes[(a.task_id, f"{RESUME}:{a.interrupt_id}")] = (
                    a.task_id,
                    RESUME,
                    resume,
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
            threads = [thread_id] if thread_id is not None else list(self._pending)
            raised = [r for t in threads for r in self._pending.get(t, {}).values()]
            position = None
            if cursor is not None:
                position = self._position(cursor, raised, thread_id)
        chosen = sorted(
            (
                r
                for r in raised
                if (graph is None or r.graph == graph) and (node is None or r.node == node)
            ),
            key=lambda r: r.key,
        )
        if position is not None:
            chosen = [r for r in chosen if r.key > position]
        if limit is not None:
            chosen = chosen[: max(limit, 0)]
        return [r.record(self.serde) for r in chosen]

    def _position(
        self, cursor: str, pending: builtins.list[Raised], thread_id: str | None
    ) -> tuple[int, str, str] | None:
        """Where the interrupt `cursor` names sits in the order, pending or answered since."""
        keys = [r.key for r in pending if r.interrupt_id == cursor]
        for tid, answered in self._answered.items():
            if (thread_id is None or tid == thread_id) and cursor in answered:
                keys.append(answered[cursor].key)
        return min(keys) if keys else None

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        with self._lock:
            given = list(self._answers.get(thread_id, ()))
        return [a.record(self.serde) for a in given]


def _config(thread_id: str, ns: str, checkpoint_id: str) -> RunnableConfig:
    return {
        "configurable": {
            "thread_id": thread_id,
            "checkpoint_ns": ns,
            "checkpoint_id": checkpoint_id,
        }
    }


MemorySaver = InMemorySaver

__all__ = ["InMemorySaver", "MemorySaver"]
