"""One checkpoint as `InMemorySaver` keeps it, and the way in and out of that form.

A stored checkpoint (`Saved`) holds copies of its version maps, a reference per channel to a
copy of the value (with the channel's version), a reference to a copy of its metadata, and its
pending writes. `encode_checkpoint` makes it by delta: a value unchanged since the parent
checkpoint is shared with the parent, so a step copies only its metadata and the channels it
changed. `decode_tuple` turns it back into a `CheckpointTuple` the caller owns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from signoff.checkpoint._memory_records import (
    FLAT,
    IMMUTABLE,
    Decoder,
    MessageMemo,
    Ref,
    encode_values,
    flat_copy,
    is_message,
)
from signoff.checkpoint.base import (
    ChannelVersion,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    RunnableConfig,
)
from signoff.checkpoint.serde import Serializer
from signoff.constants import ERROR, INTERRUPT, RESUME

REPLACED = frozenset({ERROR, INTERRUPT, RESUME})
"""Channels whose write replaces the task's earlier write to the same channel."""

NOTHING: dict[Any, Any] = {}
_NO_VERSION: Any = object()

WriteKey = tuple[str, str | int]
Write = tuple[str, str, Ref]


class Saved:
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


def encode_checkpoint(
    serde: Serializer,
    messages: MessageMemo,
    thread_id: str,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    new_versions: ChannelVersions,
    parent: Saved | None,
    written: Mapping[int, Ref] = NOTHING,
) -> tuple[dict[str, tuple[ChannelVersion, Ref]], Ref]:
    """References to the checkpoint's values and to its metadata. A value unchanged since
    `parent` is shared with it; changed ones are copied together with the metadata (one
    serializer call), except values of immutable types, which are kept as they are, and
    values that are the very objects a task of this step wrote (`written`, by `id`), whose
    copy was just made."""
    versions = checkpoint["channel_versions"]
    before = parent.values if parent is not None else NOTHING
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
            stored[channel] = (version, messages.encode(serde, key, value, written))
        else:
            stored[channel] = (version, (None, None))  # a place in the order, filled below
            copied.append(channel)
    values = checkpoint["channel_values"]
    flat = flat_copy(metadata)
    if flat is not None:
        refs = encode_values(serde, [values[ch] for ch in copied]) if copied else []
        for channel, ref in zip(copied, refs, strict=True):
            stored[channel] = (versions[channel], ref)
        return stored, (FLAT, flat)
    refs = encode_values(serde, [metadata, *[values[ch] for ch in copied]])
    for channel, ref in zip(copied, refs[1:], strict=True):
        stored[channel] = (versions[channel], ref)
    return stored, refs[0]


def decode_tuple(
    serde: Serializer,
    thread_id: str,
    ns: str,
    checkpoint_id: str,
    s: Saved,
    writes: list[Write],
) -> CheckpointTuple:
    """Decode a stored checkpoint into a fresh tuple the caller may change freely."""
    decode = Decoder(serde)
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
        config=saved_config(thread_id, ns, checkpoint_id),
        checkpoint=checkpoint,
        metadata=metadata,
        parent_config=saved_config(thread_id, ns, s.parent_id) if s.parent_id else None,
        pending_writes=[(task, channel, decode(ref)) for task, channel, ref in writes],
    )


def decode_metadata(serde: Serializer, s: Saved) -> Any:
    return Decoder(serde)(s.metadata)


def store_writes(
    saved: Saved,
    task_id: str,
    writes: Sequence[tuple[str, Any]],
    refs: list[Ref],
    at: int = 0,
) -> None:
    """Keep a task's writes (`refs[at:]` copies their values) as `put_writes` documents."""
    stored = saved.writes
    for idx, (channel, _) in enumerate(writes):
        if channel in REPLACED:
            stored[(task_id, channel)] = (task_id, channel, refs[at + idx])
        elif (task_id, idx) not in stored:
            stored[(task_id, idx)] = (task_id, channel, refs[at + idx])


def saved_config(thread_id: str, ns: str, checkpoint_id: str) -> RunnableConfig:
    return {
        "configurable": {
            "thread_id": thread_id,
            "checkpoint_ns": ns,
            "checkpoint_id": checkpoint_id,
        }
    }
