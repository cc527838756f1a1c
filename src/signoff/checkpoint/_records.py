"""The records a saver takes and returns, and the helpers that make and read them: checkpoint
ids, empty and copied checkpoints, the thread, namespace and checkpoint a config names.

They sit apart from the saver contract in `base` so that the contract reads as one class; their
public home is still `signoff.checkpoint.base`, which re-exports all of them.

Each class here names `signoff.checkpoint.base` as its module (set at the end of this file): the
serializer stores a dataclass or named tuple by module and name, so an `InterruptRecord` kept in a
graph's state must go on naming the module it was first stored under.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from random import getrandbits
from typing import Any, Literal, NamedTuple, TypedDict

from typing_extensions import NotRequired

RunnableConfig = dict[str, Any]
ChannelVersion = int | float | str
ChannelVersions = dict[str, ChannelVersion]
PendingWrite = tuple[str, str, Any]
"""(task_id, channel, value)"""
StepWrites = tuple[str, Sequence[tuple[str, Any]]]
"""One finished task's writes in a step: (task id, [(channel, value), ...])."""

CHECKPOINT_FORMAT = 1


class Checkpoint(TypedDict):
    """The state of a graph at the start of a superstep."""

    v: int
    id: str
    ts: str
    channel_values: dict[str, Any]
    channel_versions: ChannelVersions
    versions_seen: dict[str, ChannelVersions]
    updated_channels: NotRequired[list[str] | None]


class CheckpointMetadata(TypedDict, total=False):
    """Why a checkpoint was written. Extra keys come from `config["metadata"]`."""

    source: Literal["input", "loop", "update", "fork"]
    step: int
    parents: dict[str, str]
    run_id: str


class CheckpointTuple(NamedTuple):
    config: RunnableConfig
    checkpoint: Checkpoint
    metadata: CheckpointMetadata
    parent_config: RunnableConfig | None = None
    pending_writes: list[PendingWrite] | None = None


_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class InterruptRecord:
    """One question waiting for (or given) an answer, as the inbox shows it."""

    thread_id: str
    checkpoint_ns: str
    checkpoint_id: str
    task_id: str
    interrupt_id: str
    node: str
    value: Any
    index: int = 0
    """Position of this `interrupt()` call among its task's calls."""
    fingerprint: str = ""
    """What the question was (or its explicit `key`), for the order check on replay."""
    response_schema: dict[str, Any] | None = None
    graph: str | None = None
    created_at: datetime | None = None
    deadline: datetime | None = None
    default: Any = field(default=_MISSING)

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """An answer given to one interrupt, kept for the audit trail."""

    thread_id: str
    checkpoint_ns: str
    checkpoint_id: str
    task_id: str
    interrupt_id: str
    value: Any
    answered_by: str | None = None
    answered_at: datetime | None = None
    fingerprint: str = ""
    node: str = ""


NO_TIME_KEY = -(2**63)
"""The order key of an interrupt without a creation time: before every other."""

_EPOCH_AWARE = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)


def time_key(value: datetime | None) -> int:
    """Microseconds since the epoch (a naive time taken as UTC): how every saver orders pending
    interrupts by `created_at`, so aware and naive times sort together without errors."""
    if value is None:
        return NO_TIME_KEY
    epoch = _EPOCH_NAIVE if value.tzinfo is None else _EPOCH_AWARE
    return (value - epoch) // _MICROSECOND


ThreadStatus = Literal["interrupted", "idle", "error"]


@dataclass(frozen=True, slots=True)
class ThreadInfo:
    """A thread as a listing shows it: its latest root checkpoint and whether it waits for a person.

    `status` is "interrupted" when an interrupt is pending, else "error" when a task of the latest
    checkpoint failed (an `__error__` write), else "idle". `metadata` is the latest checkpoint's.
    """

    thread_id: str
    checkpoint_id: str
    updated_at: datetime | None
    status: ThreadStatus
    metadata: dict[str, Any] = field(default_factory=dict)


# --- ids and versions ----------------------------------------------------------------------------

_id_lock = threading.Lock()
_last_id_ns = 0


_GREGORIAN_OFFSET = 0x01B21DD213814000
"""100-ns intervals from 1582-10-15 (the UUID epoch) to 1970-01-01."""


def new_checkpoint_id() -> str:
    """A UUIDv6-shaped id whose string order is creation order, also across processes.

    The first 15 hex digits are the 60-bit count of 100-ns intervals since the UUID epoch (made
    strictly increasing within the process), so ids compare as their creation times. The other 62
    bits are random (`random.getrandbits`, as LangGraph's ids: unique, not secret).
    """
    global _last_id_ns
    with _id_lock:
        now = time.time_ns() // 100 + _GREGORIAN_OFFSET
        if now <= _last_id_ns:
            now = _last_id_ns + 1
        _last_id_ns = now
    value = (now >> 12) << 80 | 0x6 << 76 | (now & 0xFFF) << 64 | 0b10 << 62 | getrandbits(62)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def empty_checkpoint() -> Checkpoint:
    return Checkpoint(
        v=CHECKPOINT_FORMAT,
        id=new_checkpoint_id(),
        ts=datetime.now().astimezone().isoformat(),
        channel_values={},
        channel_versions={},
        versions_seen={},
        updated_channels=None,
    )


def copy_checkpoint(checkpoint: Checkpoint) -> Checkpoint:
    return Checkpoint(
        v=checkpoint["v"],
        id=checkpoint["id"],
        ts=checkpoint["ts"],
        channel_values=dict(checkpoint["channel_values"]),
        channel_versions=dict(checkpoint["channel_versions"]),
        versions_seen={k: dict(v) for k, v in checkpoint["versions_seen"].items()},
        updated_channels=checkpoint.get("updated_channels"),
    )


def get_thread_id(config: RunnableConfig) -> str | None:
    tid = config.get("configurable", {}).get("thread_id")
    return None if tid is None else str(tid)


def get_checkpoint_id(config: RunnableConfig) -> str | None:
    cid: str | None = config.get("configurable", {}).get("checkpoint_id")
    return cid


def get_checkpoint_ns(config: RunnableConfig) -> str:
    ns: str = config.get("configurable", {}).get("checkpoint_ns", "")
    return ns


for _record in (
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    AnswerRecord,
    ThreadInfo,
):
    _record.__module__ = "signoff.checkpoint.base"
