"""Storing checkpoints and task writes: the rows a `put` or `put_writes` adds to a transaction.

A checkpoint row names its channel versions; each version's value is a blob row written once
(`INSERT OR IGNORE`), so a put stores only the channels the step changed, plus any value the
checkpoint carries that is not stored yet. A version without a value (a cleared channel) needs no
row: reading treats a missing blob as "no value". Writes to special channels replace the task's
earlier write to that channel; other writes are stored once, so a retried task writes nothing new.

Nothing here writes: rows go to the transaction's `Rows`, stored at its end (`_rows`). Lookups
(does the parent checkpoint exist, are carried values stored) first ask `rows.stored`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from signoff.checkpoint.base import (
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    RunnableConfig,
    get_checkpoint_id,
    get_checkpoint_ns,
    get_thread_id,
)
from signoff.checkpoint.serde import Serializer
from signoff.checkpoint.sqlite._codec import encode_checkpoint, metadata_json, version_key
from signoff.checkpoint.sqlite._rows import LAST_SEQ, REPLACED, BlobRow, Rows


def put_checkpoint(
    conn: sqlite3.Connection,
    serde: Serializer,
    rows: Rows,
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    new_versions: ChannelVersions,
) -> RunnableConfig:
    """Store `checkpoint` as the child of the one `config` names (see `BaseCheckpointSaver.put`)."""
    thread_id = get_thread_id(config)
    if thread_id is None:
        raise ValueError("config['configurable']['thread_id'] is required to store a checkpoint")
    ns = get_checkpoint_ns(config)
    checkpoint_id = checkpoint["id"]
    versions_json, kind, skeleton = encode_checkpoint(serde, checkpoint)
    meta_type, meta_blob = serde.dumps_typed(dict(metadata))
    blobs = _new_blobs(serde, thread_id, ns, checkpoint, new_versions)
    blobs += _missing_blobs(conn, serde, rows, thread_id, ns, checkpoint, new_versions)
    rows.stored.add((thread_id, ns, checkpoint_id))
    rows.stored.update(row[:4] for row in blobs)
    rows.blobs += blobs
    rows.checkpoints.append(
        (
            thread_id,
            ns,
            checkpoint_id,
            get_checkpoint_id(config),
            versions_json,
            kind,
            skeleton,
            meta_type,
            meta_blob,
            metadata_json(metadata),
        )
    )
    if ns == "":
        rows.new_head(thread_id, checkpoint_id, checkpoint["ts"])
    return {
        "configurable": {
            "thread_id": thread_id,
            "checkpoint_ns": ns,
            "checkpoint_id": checkpoint_id,
        }
    }


def _new_blobs(
    serde: Serializer,
    thread_id: str,
    ns: str,
    checkpoint: Checkpoint,
    new_versions: ChannelVersions,
) -> list[BlobRow]:
    values = checkpoint["channel_values"]
    return [
        (thread_id, ns, channel, version_key(version), *serde.dumps_typed(values[channel]))
        for channel, version in new_versions.items()
        if channel in values
    ]


def _missing_blobs(
    conn: sqlite3.Connection,
    serde: Serializer,
    rows: Rows,
    thread_id: str,
    ns: str,
    checkpoint: Checkpoint,
    new_versions: ChannelVersions,
) -> list[BlobRow]:
    """Values the checkpoint carries but that are not stored yet under their version (e.g. a
    fork from a pruned checkpoint), so a put never leaves a checkpoint without its values."""
    values = checkpoint["channel_values"]
    versions = checkpoint["channel_versions"]
    carried: dict[str, str] = {}
    for channel in values:
        if channel in new_versions:
            continue
        if channel not in versions:
            raise ValueError(
                f"checkpoint {checkpoint['id']} of thread {thread_id!r} has a value for channel "
                f"{channel!r} but no version in channel_versions; give every channel a version"
            )
        carried[channel] = version_key(versions[channel])
    carried = {c: v for c, v in carried.items() if (thread_id, ns, c, v) not in rows.stored}
    if not carried:
        return []
    stored = {
        row[0]
        for row in conn.execute(
            # CROSS JOIN fixes the loop order: one primary-key lookup per carried channel.
            # A plain JOIN lets the planner scan all the thread's blobs, which grows with
            # history.
            "SELECT b.channel FROM json_each(?) AS j CROSS JOIN signoff_blobs AS b "
            "ON b.thread_id = ? AND b.checkpoint_ns = ? AND b.channel = j.key "
            "AND b.version = CAST(j.value AS TEXT)",
            (json.dumps(carried), thread_id, ns),
        )
    }
    rows.stored.update((thread_id, ns, ch, carried[ch]) for ch in stored)
    return [
        (thread_id, ns, ch, ver, *serde.dumps_typed(values[ch]))
        for ch, ver in carried.items()
        if ch not in stored
    ]


def put_task_writes(
    conn: sqlite3.Connection,
    serde: Serializer,
    rows: Rows,
    config: RunnableConfig,
    writes: Sequence[tuple[str, Any]],
    task_id: str,
    task_path: str,
) -> None:
    """Store a task's writes against the checkpoint `config` names, which must be stored."""
    thread_id, ns, checkpoint_id = target(config)
    require_checkpoint(conn, rows, thread_id, ns, checkpoint_id)
    for idx, (channel, value) in enumerate(writes):
        key = channel if channel in REPLACED else str(idx)
        kind, blob = serde.dumps_typed(value)
        rows.add_write((thread_id, ns, checkpoint_id, task_id, key, task_path, channel, kind, blob))


def target(config: RunnableConfig) -> tuple[str, str, str]:
    """(thread_id, checkpoint_ns, checkpoint_id) of the checkpoint `config` names."""
    return (
        get_thread_id(config) or "",
        get_checkpoint_ns(config),
        get_checkpoint_id(config) or "",
    )


def require_checkpoint(
    conn: sqlite3.Connection, rows: Rows, thread_id: str, ns: str, checkpoint_id: str
) -> None:
    """Raise `ValueError` unless the checkpoint is stored: writes need one to belong to. The
    same lookup tells where the checkpoint's writes end, so new ones are put after them."""
    key = (thread_id, ns, checkpoint_id)
    if key in rows.stored:
        return
    row = conn.execute(LAST_SEQ, key).fetchone()
    if row is None:
        raise ValueError(
            f"thread {thread_id!r} has no checkpoint {checkpoint_id!r}; writes need a stored checkpoint"
        )
    rows.stored.add(key)
    rows.last_seq[key] = max(rows.last_seq.get(key, 0), row[0])
