"""Python values <-> PostgreSQL rows, shared by the sync and async savers.

Every stored value goes through the saver's serializer as a `(type tag, bytes)` pair. Decoding a
row turns any failure into `CorruptCheckpointError` naming the thread and checkpoint, so one bad
row never looks like a different problem and never stops other threads from loading.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from signoff.checkpoint.base import (
    AnswerRecord,
    ChannelVersion,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    PendingWrite,
    RunnableConfig,
    ThreadInfo,
)
from signoff.checkpoint.serde import Serializer
from signoff.constants import RESUME
from signoff.errors import ClassNotLoadedError, CorruptCheckpointError

EMPTY = "empty"
"""Type tag of a blob recording that a channel had no value at that version (written by earlier
versions of signoff; a missing blob row means the same)."""

Row = tuple[Any, ...]


def dump(serde: Serializer, value: Any) -> tuple[str, bytes]:
    return serde.dumps_typed(value)


def load(serde: Serializer, type_: str, data: bytes | None, where: str) -> Any:
    """Decode one stored value; `where` names it for the error ("thread 't', checkpoint 'c'")."""
    try:
        return serde.loads_typed((type_, b"" if data is None else bytes(data)))
    except ClassNotLoadedError as exc:  # the data is fine: its class is not loaded
        raise ClassNotLoadedError(
            f"{where}: {exc}", module=exc.module, qualname=exc.qualname
        ) from exc
    except Exception as exc:
        raise CorruptCheckpointError(
            f"{where}: stored data cannot be decoded ({exc}); "
            "delete the thread or restore the row from a backup"
        ) from exc


def as_utc(value: datetime | None) -> datetime | None:
    """A naive time is taken as UTC (as every saver orders it), not as the session's time zone."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


def next_version(current: ChannelVersion | None) -> str:
    """A counter plus a random suffix: sortable, and unique per thread even across forks."""
    if current is None:
        count = 0
    elif isinstance(current, str):
        count = int(current.split(".", 1)[0])
    else:
        count = int(current)
    return f"{count + 1:032}.{random.getrandbits(53):016}"


def config_for(thread_id: str, ns: str, checkpoint_id: str) -> RunnableConfig:
    return {
        "configurable": {
            "thread_id": thread_id,
            "checkpoint_ns": ns,
            "checkpoint_id": checkpoint_id,
        }
    }


# --- checkpoints -------------------------------------------------------------------------------


def encode_blobs(
    serde: Serializer, checkpoint: Checkpoint, new_versions: Mapping[str, Any]
) -> tuple[list[str], list[str], list[str], list[bytes | None]]:
    """The blob rows a `put` adds: one per channel with a value at a new version. A new version
    without a value (a cleared channel) needs no row: reading finds none and gives no value."""
    values = checkpoint["channel_values"]
    channels: list[str] = []
    versions: list[str] = []
    types: list[str] = []
    blobs: list[bytes | None] = []
    for channel, version in new_versions.items():
        if channel in values:
            type_, blob = dump(serde, values[channel])
            channels.append(channel)
            versions.append(str(version))
            types.append(type_)
            blobs.append(blob)
    return channels, versions, types, blobs


def checkpoint_row(
    serde: Serializer,
    thread_id: str,
    ns: str,
    parent_id: str | None,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
) -> dict[str, Any]:
    """The checkpoint's row, named as the table's columns (`metadata_json` as JSON text)."""
    versions = checkpoint["channel_versions"]
    type_, data = encode_checkpoint(serde, checkpoint)
    metadata_type, metadata_data = dump(serde, metadata)
    return {
        "thread_id": thread_id,
        "checkpoint_ns": ns,
        "checkpoint_id": checkpoint["id"],
        "parent_checkpoint_id": parent_id,
        "type": type_,
        "checkpoint": data,
        "channels": list(versions),
        "versions": [str(v) for v in versions.values()],
        "metadata_type": metadata_type,
        "metadata": metadata_data,
        "metadata_json": metadata_json(metadata),
    }


def carried_versions(
    thread_id: str, checkpoint: Checkpoint, new_versions: Mapping[str, Any]
) -> dict[str, str]:
    """Channels whose value the checkpoint carries at an already-stored version: channel -> version."""
    versions = checkpoint["channel_versions"]
    carried: dict[str, str] = {}
    for channel in checkpoint["channel_values"]:
        if channel in new_versions:
            continue
        if channel not in versions:
            raise ValueError(
                f"checkpoint {checkpoint['id']} of thread {thread_id!r} has a value for channel "
                f"{channel!r} but no version in channel_versions; give every channel a version"
            )
        carried[channel] = str(versions[channel])
    return carried


def metadata_json(metadata: Mapping[str, Any]) -> str:
    """The JSON copy of metadata that `list(filter=...)` queries: keys with JSON values only."""
    kept: dict[str, Any] = {}
    for key, value in metadata.items():
        text = _json_or_none(value)
        if isinstance(key, str) and text is not None:
            kept[key] = value
    return json.dumps(kept, ensure_ascii=False)


def _json_or_none(value: Any) -> str | None:
    try:
        text = json.dumps(value, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    # jsonb rejects NUL characters in strings
    return None if "\\u0000" in text else text


def decode_checkpoint(serde: Serializer, row: Row) -> CheckpointTuple:
    """A row of `SELECT_CHECKPOINTS` as a `CheckpointTuple`."""
    thread_id, ns, checkpoint_id, parent_id = row[0], row[1], row[2], row[3]
    where = f"thread {thread_id!r}, checkpoint {checkpoint_id!r}"
    if ns:
        where += f" (namespace {ns!r})"
    stored = load(serde, row[4], row[5], where)
    metadata = load(serde, row[6], row[7], where)
    if not isinstance(stored, dict) or not isinstance(metadata, dict):
        raise CorruptCheckpointError(
            f"{where}: stored checkpoint is not a mapping; prune the thread"
        )
    values: dict[str, Any] = {}
    for channel, type_, blob in zip(row[8] or (), row[9] or (), row[10] or (), strict=True):
        if type_ != EMPTY:
            values[channel] = load(serde, type_, blob, f"{where}, channel {channel!r}")
    checkpoint: Checkpoint = {**stored, "channel_values": values}  # type: ignore[typeddict-item]  # keys were stored from a Checkpoint
    writes: list[PendingWrite] = [
        (task_id, channel, load(serde, type_, blob, f"{where}, write of task {task_id!r}"))
        for task_id, channel, type_, blob in zip(
            row[11] or (), row[12] or (), row[13] or (), row[14] or (), strict=True
        )
    ]
    meta: CheckpointMetadata = metadata  # type: ignore[assignment]  # stored from CheckpointMetadata
    return CheckpointTuple(
        config=config_for(thread_id, ns, checkpoint_id),
        checkpoint=checkpoint,
        metadata=meta,
        parent_config=config_for(thread_id, ns, parent_id) if parent_id else None,
        pending_writes=writes,
    )


def encode_checkpoint(serde: Serializer, checkpoint: Checkpoint) -> tuple[str, bytes]:
    """The checkpoint without its channel values (those live in blobs)."""
    return dump(serde, {k: v for k, v in checkpoint.items() if k != "channel_values"})


# --- writes --------------------------------------------------------------------------------------


def encode_writes(
    serde: Serializer, writes: Sequence[tuple[str, Any]], special: frozenset[str]
) -> tuple[list[str], list[str], list[str], list[bytes]]:
    """Rows of `PUT_WRITES`: key = channel for special channels (last one wins), else the index."""
    rows: dict[str, tuple[str, str, bytes]] = {}
    for idx, (channel, value) in enumerate(writes):
        key = channel if channel in special else str(idx)
        type_, blob = dump(serde, value)
        rows[key] = (channel, type_, blob)
    keys = list(rows)
    return (
        keys,
        [rows[k][0] for k in keys],
        [rows[k][1] for k in keys],
        [rows[k][2] for k in keys],
    )


# --- interrupts and answers ----------------------------------------------------------------------


def interrupt_row(serde: Serializer, thread_id: str, r: InterruptRecord) -> dict[str, Any]:
    """An interrupt record as a pending `signoff_interrupts` row, keyed by column (`as_json`)."""
    value_type, value = dump(serde, r.value)
    schema = dump(serde, r.response_schema) if r.response_schema is not None else (None, None)
    default = dump(serde, r.default) if r.has_default else (None, None)
    return {
        "thread_id": thread_id,
        "interrupt_id": r.interrupt_id,
        "checkpoint_ns": r.checkpoint_ns,
        "checkpoint_id": r.checkpoint_id,
        "task_id": r.task_id,
        "node": r.node,
        "idx": r.index,
        "fingerprint": r.fingerprint,
        "value_type": value_type,
        "value": value,
        "schema_type": schema[0],
        "response_schema": schema[1],
        "graph": r.graph,
        "created_at": as_utc(r.created_at),
        "deadline": as_utc(r.deadline),
        "default_type": default[0],
        "default_value": default[1],
        "status": "pending",
    }


def as_json(rows: Sequence[Any]) -> str:
    """Rows as one JSON parameter, read in SQL by `json_populate_recordset(NULL::table, ...)`
    (keys named as the table's columns): bytes as `bytea` hex text, times in ISO 8601. psycopg
    adapts an array parameter element by element in Python, JSON in C: a statement of many rows
    stays cheap to send."""
    return json.dumps(rows, default=_json_value)


def _json_value(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored as JSON")


def decode_interrupt(serde: Serializer, row: Row) -> InterruptRecord:
    """A row of `PENDING_CURSOR` as an `InterruptRecord`."""
    where = f"thread {row[0]!r}, checkpoint {row[2]!r}, interrupt {row[4]!r}"
    extra: dict[str, Any] = {}
    if row[15] is not None:
        extra["default"] = load(serde, row[15], row[16], where)
    return InterruptRecord(
        thread_id=row[0],
        checkpoint_ns=row[1],
        checkpoint_id=row[2],
        task_id=row[3],
        interrupt_id=row[4],
        node=row[5],
        value=load(serde, row[6], row[7], where),
        index=row[8],
        fingerprint=row[9],
        response_schema=None if row[10] is None else load(serde, row[10], row[11], where),
        graph=row[12],
        created_at=row[13],
        deadline=row[14],
        **extra,
    )


def answer_rows(
    serde: Serializer, at: Mapping[str, Any], answers: Sequence[AnswerRecord]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for `CLAIM_ANSWERS` at the checkpoint `at` names: the audit rows and the tasks'
    `__resume__` writes."""
    where = {
        "thread_id": at["thread_id"],
        "checkpoint_ns": at["ns"],
        "checkpoint_id": at["checkpoint_id"],
    }
    audit: list[dict[str, Any]] = []
    resumes: list[dict[str, Any]] = []
    for a in answers:
        value_type, value = dump(serde, a.value)
        audit.append(
            {
                **where,
                "task_id": a.task_id,
                "interrupt_id": a.interrupt_id,
                "value_type": value_type,
                "value": value,
                "answered_by": a.answered_by,
                "answered_at": a.answered_at,
                "fingerprint": a.fingerprint,
                "node": a.node,
            }
        )
        w_type, w_blob = dump(serde, {a.interrupt_id: a.value})
        resumes.append(
            {
                **where,
                "task_id": a.task_id,
                "write_key": f"{RESUME}:{a.interrupt_id}",
                "task_path": "",
                "channel": RESUME,
                "type": w_type,
                "blob": w_blob,
            }
        )
    return audit, resumes


def decode_answer(serde: Serializer, row: Row) -> AnswerRecord:
    """A row of `SELECT_ANSWERS` as an `AnswerRecord`."""
    where = f"thread {row[0]!r}, checkpoint {row[2]!r}, answer to interrupt {row[4]!r}"
    answered_at: datetime = row[8]
    return AnswerRecord(
        thread_id=row[0],
        checkpoint_ns=row[1],
        checkpoint_id=row[2],
        task_id=row[3],
        interrupt_id=row[4],
        value=load(serde, row[5], row[6], where),
        answered_by=row[7],
        answered_at=answered_at,
        fingerprint=row[9],
        node=row[10],
    )


def decode_thread(serde: Serializer, row: Row) -> ThreadInfo:
    """A row of `LIST_THREADS` as a `ThreadInfo`. A thread whose metadata cannot be read is listed
    with status "error" (reading it names the damage) rather than hiding every other thread."""
    status = row[5]
    try:
        metadata = serde.loads_typed((row[3], b"" if row[4] is None else bytes(row[4])))
    except Exception:
        metadata = None
    if not isinstance(metadata, dict):
        metadata, status = {}, "error"
    return ThreadInfo(
        thread_id=row[0], checkpoint_id=row[1], updated_at=row[2], status=status, metadata=metadata
    )
