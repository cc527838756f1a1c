"""Rows <-> checkpoint objects for the SQLite saver; any decoding failure names its checkpoint.

A checkpoint row holds the checkpoint without its channel values (`v`, `ts`, `versions_seen`,
`updated_channels` as one serialized "skeleton", plus `channel_versions` as JSON so SQL can join
blobs on it). Values are rebuilt from the blob rows those versions name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from signoff.checkpoint.base import (
    AnswerRecord,
    ChannelVersion,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    PendingWrite,
    time_key,
)
from signoff.checkpoint.serde import Serializer
from signoff.errors import ClassNotLoadedError, CorruptCheckpointError

EMPTY = "empty"
"""Blob type of a channel that has a version but no value (it was cleared)."""

BlobKey = tuple[str, str, str, str]
"""(thread_id, checkpoint_ns, channel, version)"""
Blob = tuple[str, bytes | None]
"""(type, bytes)"""
WriteRow = tuple[str, str, str, bytes | None]
"""(task_id, channel, type, bytes)"""

CHECKPOINT_COLUMNS = (
    "thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, channel_versions, "
    "type, checkpoint, metadata_type, metadata"
)
CheckpointRow = tuple[str, str, str, str | None, str, str, bytes, str, bytes]


def version_key(version: ChannelVersion) -> str:
    """How a channel version is spelled in the blob table's key."""
    return str(version)


def corrupt(
    thread_id: str, ns: str, checkpoint_id: str, what: str, exc: BaseException
) -> Exception:
    where = f" (namespace {ns!r})" if ns else ""
    place = f"checkpoint {checkpoint_id} of thread {thread_id!r}{where} cannot be read: {what}"
    if isinstance(exc, ClassNotLoadedError):  # the data is fine: its class is not loaded
        return ClassNotLoadedError(f"{place}: {exc}", module=exc.module, qualname=exc.qualname)
    return CorruptCheckpointError(
        f"{place}: {exc}; restore the database file from a backup or delete the thread"
    )


def encode_checkpoint(serde: Serializer, checkpoint: Checkpoint) -> tuple[str, str, bytes]:
    """(channel_versions JSON, skeleton type, skeleton bytes)."""
    skeleton = {
        "v": checkpoint["v"],
        "ts": checkpoint["ts"],
        "versions_seen": checkpoint["versions_seen"],
        "updated_channels": checkpoint.get("updated_channels"),
    }
    kind, data = serde.dumps_typed(skeleton)
    return json.dumps(checkpoint["channel_versions"]), kind, data


_STRICT_JSON = json.JSONEncoder(allow_nan=False, ensure_ascii=False)


def metadata_json(metadata: Mapping[str, Any]) -> str:
    """Metadata as strict JSON for SQL filters. A value JSON cannot hold exactly becomes null; it
    cannot equal a scalar filter value anyway, and `list()` rechecks every match in Python."""
    try:
        return _STRICT_JSON.encode(metadata)
    except (TypeError, ValueError):
        pass
    plain: dict[str, Any] = {}
    for key, value in metadata.items():
        try:
            json.dumps(value, allow_nan=False)
            plain[str(key)] = value
        except (TypeError, ValueError):
            plain[str(key)] = None
    return json.dumps(plain, allow_nan=False, ensure_ascii=False)


def decode_tuple(
    serde: Serializer,
    row: CheckpointRow,
    blobs: Mapping[BlobKey, Blob],
    writes: Sequence[WriteRow],
) -> CheckpointTuple:
    """Build the tuple for `row`; raises `CorruptCheckpointError` naming it if any part is bad."""
    thread_id, ns, checkpoint_id, parent_id = row[0], row[1], row[2], row[3]
    try:
        versions: dict[str, ChannelVersion] = json.loads(row[4])
        skeleton = serde.loads_typed((row[5], row[6]))
        metadata: CheckpointMetadata = serde.loads_typed((row[7], row[8]))
        checkpoint = Checkpoint(
            v=skeleton["v"],
            id=checkpoint_id,
            ts=skeleton["ts"],
            channel_values=_values(serde, thread_id, ns, versions, blobs),
            channel_versions=versions,
            versions_seen=skeleton["versions_seen"],
            updated_channels=skeleton.get("updated_channels"),
        )
        pending = [decode_write(serde, w) for w in writes]
    except Exception as exc:
        raise corrupt(thread_id, ns, checkpoint_id, type(exc).__name__, exc) from exc
    return CheckpointTuple(
        config=_config(thread_id, ns, checkpoint_id),
        checkpoint=checkpoint,
        metadata=metadata,
        parent_config=_config(thread_id, ns, parent_id) if parent_id else None,
        pending_writes=pending,
    )


def _config(thread_id: str, ns: str, checkpoint_id: str) -> dict[str, Any]:
    return {
        "configurable": {
            "thread_id": thread_id,
            "checkpoint_ns": ns,
            "checkpoint_id": checkpoint_id,
        }
    }


def _values(
    serde: Serializer,
    thread_id: str,
    ns: str,
    versions: Mapping[str, ChannelVersion],
    blobs: Mapping[BlobKey, Blob],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for channel, version in versions.items():
        blob = blobs.get((thread_id, ns, channel, version_key(version)))
        if blob is not None and blob[0] != EMPTY:
            values[channel] = serde.loads_typed((blob[0], blob[1] or b""))
    return values


def decode_write(serde: Serializer, row: WriteRow) -> PendingWrite:
    task_id, channel, kind, data = row
    return task_id, channel, serde.loads_typed((kind, data or b""))


def blob_keys(thread_id: str, ns: str, versions_json: str) -> list[BlobKey]:
    """The blob keys a checkpoint row references; [] if its versions cannot be parsed."""
    try:
        versions = json.loads(versions_json)
        return [(thread_id, ns, ch, version_key(v)) for ch, v in versions.items()]
    except (ValueError, AttributeError):
        return []  # decode_tuple reports the corruption, naming the checkpoint


# --- times -----------------------------------------------------------------------------------------


def time_text(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def parse_time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


# --- interrupts and answers ------------------------------------------------------------------------

INTERRUPT_COLUMNS = (
    "thread_id, interrupt_id, checkpoint_ns, checkpoint_id, task_id, node, idx, fingerprint, "
    "value_type, value, schema_type, response_schema, graph, created_at, created_key, deadline, "
    "default_type, default_value"
)


def encode_interrupt(serde: Serializer, thread_id: str, rec: InterruptRecord) -> tuple[Any, ...]:
    value = serde.dumps_typed(rec.value)
    schema = serde.dumps_typed(rec.response_schema) if rec.response_schema is not None else None
    default = serde.dumps_typed(rec.default) if rec.has_default else None
    return (
        thread_id,
        rec.interrupt_id,
        rec.checkpoint_ns,
        rec.checkpoint_id,
        rec.task_id,
        rec.node,
        rec.index,
        rec.fingerprint,
        *value,
        *(schema or (None, None)),
        rec.graph,
        time_text(rec.created_at),
        time_key(rec.created_at),
        time_text(rec.deadline),
        *(default or (None, None)),
    )


def decode_interrupt(serde: Serializer, row: Sequence[Any]) -> InterruptRecord:
    thread_id, interrupt_id, ns, checkpoint_id = row[0], row[1], row[2], row[3]
    try:
        extra: dict[str, Any] = {}
        if row[16] is not None:
            extra["default"] = serde.loads_typed((row[16], row[17] or b""))
        return InterruptRecord(
            thread_id=thread_id,
            checkpoint_ns=ns,
            checkpoint_id=checkpoint_id,
            task_id=row[4],
            interrupt_id=interrupt_id,
            node=row[5],
            value=serde.loads_typed((row[8], row[9] or b"")),
            index=row[6],
            fingerprint=row[7],
            response_schema=(
                serde.loads_typed((row[10], row[11] or b"")) if row[10] is not None else None
            ),
            graph=row[12],
            created_at=parse_time(row[13]),
            deadline=parse_time(row[15]),
            **extra,
        )
    except Exception as exc:
        raise corrupt(thread_id, ns, checkpoint_id, f"interrupt {interrupt_id}", exc) from exc


ANSWER_COLUMNS = (
    "thread_id, checkpoint_ns, checkpoint_id, task_id, interrupt_id, value_type, value, "
    "answered_by, answered_at, fingerprint, node"
)


def encode_answer(serde: Serializer, thread_id: str, a: AnswerRecord) -> tuple[Any, ...]:
    return (
        thread_id,
        a.checkpoint_ns,
        a.checkpoint_id,
        a.task_id,
        a.interrupt_id,
        *serde.dumps_typed(a.value),
        a.answered_by,
        time_text(a.answered_at),
        a.fingerprint,
        a.node,
    )


def decode_answer(serde: Serializer, row: Sequence[Any]) -> AnswerRecord:
    thread_id, ns, checkpoint_id, interrupt_id = row[0], row[1], row[2], row[4]
    try:
        return AnswerRecord(
            thread_id=thread_id,
            checkpoint_ns=ns,
            checkpoint_id=checkpoint_id,
            task_id=row[3],
            interrupt_id=interrupt_id,
            value=serde.loads_typed((row[5], row[6] or b"")),
            answered_by=row[7],
            answered_at=parse_time(row[8]),
            fingerprint=row[9],
            node=row[10],
        )
    except Exception as exc:
        raise corrupt(thread_id, ns, checkpoint_id, f"answer to {interrupt_id}", exc) from exc
