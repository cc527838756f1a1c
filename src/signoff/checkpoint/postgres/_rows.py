"""The rows a batch stores, gathered from its calls and then written by one statement.

`put_batch` (every checkpoint and write of a quick run) does not run its calls one by one: each
call adds rows to a `Rows`, and `statement()` stores them all at once: one round trip, and on an
autocommit connection one transaction of its own (one commit). Work that later calls make moot
is not done: a thread's head row is written once, for its newest root checkpoint; its superseded
pending interrupts are deleted once, and interrupts raised at a checkpoint the batch then moves
past are never stored as pending; a carried value is looked up only if the batch does not store
it itself.

As `_sql.PUT_CHECKPOINT` does, the statement stores nothing when a value a checkpoint carries is
not stored (a fork from a pruned checkpoint) and returns those values; so too when interrupts are
indexed without a write (`index_interrupts`) at a checkpoint not stored before the batch. A write
against a missing checkpoint fails it (its foreign key). Either way the caller runs the calls again
the plain way (`_ops`), which stores the values or names the missing checkpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from signoff.checkpoint.base import (
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    InterruptRecord,
    RunnableConfig,
    get_checkpoint_id,
)
from signoff.checkpoint.postgres import _codec
from signoff.checkpoint.postgres._ops import SPECIAL_CHANNELS, Stmt, interrupt_write, target
from signoff.checkpoint.postgres._sql import UPDATE_INTERRUPT
from signoff.checkpoint.serde import Serializer

Key = tuple[str, ...]

STORE_ROWS: Final = f"""
WITH missing AS (
    SELECT x.channel FROM json_populate_recordset(NULL::signoff_blobs, %(carried)s::json) x
    LEFT JOIN LATERAL (
        SELECT true AS found FROM signoff_blobs b
        WHERE b.thread_id = x.thread_id AND b.checkpoint_ns = x.checkpoint_ns
          AND b.channel = x.channel AND b.version = x.version
        LIMIT 1  -- one primary-key lookup per value, never a scan of the table
    ) b ON true
    WHERE b.found IS NULL
    UNION ALL  -- checkpoints interrupts are indexed at without a write must be stored already
    SELECT x.checkpoint_id
    FROM json_populate_recordset(NULL::signoff_checkpoints, %(required)s::json) x
    WHERE NOT EXISTS (
        SELECT 1 FROM signoff_checkpoints c WHERE c.thread_id = x.thread_id
          AND c.checkpoint_ns = x.checkpoint_ns AND c.checkpoint_id = x.checkpoint_id)
), ok AS (
    SELECT NOT EXISTS (SELECT 1 FROM missing) AS ok
), blobs AS (
    INSERT INTO signoff_blobs
    SELECT * FROM json_populate_recordset(NULL::signoff_blobs, %(blobs)s::json)
    WHERE (SELECT ok FROM ok)
    ON CONFLICT DO NOTHING
), checkpoints AS (
    INSERT INTO signoff_checkpoints (thread_id, checkpoint_ns, checkpoint_id,
        parent_checkpoint_id, type, checkpoint, channels, versions, metadata_type, metadata,
        metadata_json)
    SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint,
        channels, versions, metadata_type, metadata, (metadata_json #>> '{{}}')::jsonb
    FROM json_populate_recordset(NULL::signoff_checkpoints, %(checkpoints)s::json)
    WHERE (SELECT ok FROM ok)
    ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET
        parent_checkpoint_id = excluded.parent_checkpoint_id, type = excluded.type,
        checkpoint = excluded.checkpoint, channels = excluded.channels,
        versions = excluded.versions, metadata_type = excluded.metadata_type,
        metadata = excluded.metadata, metadata_json = excluded.metadata_json
), writes AS (
    INSERT INTO signoff_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key,
        task_path, channel, type, blob)
    SELECT thread_id, checkpoint_ns, checkpoint_id, task_id, write_key, task_path, channel,
        type, blob
    FROM json_populate_recordset(NULL::signoff_writes, %(writes)s::json) WITH ORDINALITY
    WHERE (SELECT ok FROM ok)
    ORDER BY ordinality
    ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, write_key) DO UPDATE SET
        task_path = excluded.task_path, channel = excluded.channel,
        type = excluded.type, blob = excluded.blob
        WHERE excluded.write_key LIKE '\\_\\_%%'
), heads AS (
    INSERT INTO signoff_threads (thread_id, checkpoint_id)
    SELECT thread_id, checkpoint_id
    FROM json_populate_recordset(NULL::signoff_threads, %(heads)s::json)
    WHERE (SELECT ok FROM ok)
    ON CONFLICT (thread_id) DO UPDATE
        SET checkpoint_id = excluded.checkpoint_id, updated_at = excluded.updated_at
        WHERE signoff_threads.checkpoint_id <= excluded.checkpoint_id
), raised AS (
    SELECT * FROM json_populate_recordset(NULL::signoff_interrupts, %(interrupts)s::json)
), cleared AS (
    DELETE FROM signoff_interrupts i
    WHERE i.thread_id = ANY(%(cleared)s::text[]) AND i.status = 'pending' AND (SELECT ok FROM ok)
      AND NOT EXISTS (
        SELECT 1 FROM raised r
        WHERE r.thread_id = i.thread_id AND r.interrupt_id = i.interrupt_id)
), indexed AS (
    INSERT INTO signoff_interrupts SELECT * FROM raised WHERE (SELECT ok FROM ok)
    {UPDATE_INTERRUPT})
SELECT channel FROM missing
"""
"""Every table's rows in one statement, each table's as one JSON parameter (`_codec.as_json`). A
statement must not change one row twice, so the rows come deduplicated, and a superseded pending
interrupt that is raised again is updated in place rather than deleted and inserted. An
interrupt already answered stays answered (as `_sql.PUT_INTERRUPTS`)."""

_BLOB_FIELDS: Final = ("thread_id", "checkpoint_ns", "channel", "version", "type", "blob")
_WRITE_FIELDS: Final = (
    "thread_id",
    "checkpoint_ns",
    "checkpoint_id",
    "task_id",
    "write_key",
    "task_path",
    "channel",
    "type",
    "blob",
)


@dataclass
class Rows:
    """What one batch stores; see the module docstring."""

    stored: set[Key] = field(default_factory=set)
    """(thread_id, ns, channel, version) of the values the batch stores"""
    carried: dict[Key, None] = field(default_factory=dict)
    """values the batch's checkpoints carry from before it: they must be stored already"""
    blobs: dict[Key, tuple[str, bytes]] = field(default_factory=dict)
    checkpoints: dict[Key, dict[str, Any]] = field(default_factory=dict)
    writes: dict[Key, tuple[str, str, str, bytes]] = field(default_factory=dict)
    """(thread, ns, checkpoint, task, key) -> (task_path, channel, type, blob), in first order"""
    heads: dict[str, str] = field(default_factory=dict)
    """thread_id -> its newest root checkpoint in the batch"""
    cleared: dict[str, None] = field(default_factory=dict)
    """threads whose pending interrupts a root checkpoint of the batch supersedes"""
    interrupts: dict[str, dict[str, InterruptRecord]] = field(default_factory=dict)
    """thread_id -> interrupt_id -> the record, for root-namespace interrupts still pending"""
    required: dict[Key, None] = field(default_factory=dict)
    """checkpoints interrupts are indexed at (`index_interrupts`): they must be stored already"""

    def put(
        self,
        serde: Serializer,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> None:
        where = target(config, "store a checkpoint")
        thread_id, ns = where["thread_id"], where["ns"]
        carried = _codec.carried_versions(thread_id, checkpoint, new_versions)
        for key in ((thread_id, ns, c, v) for c, v in carried.items()):
            if key not in self.stored:
                self.carried[key] = None
        values = checkpoint["channel_values"]
        for channel, version in new_versions.items():
            if channel in values:
                key = (thread_id, ns, channel, str(version))
                self.stored.add(key)
                self.blobs.setdefault(key, _codec.dump(serde, values[channel]))
        parent_id = get_checkpoint_id(config)
        row = _codec.checkpoint_row(serde, thread_id, ns, parent_id, checkpoint, metadata)
        self.checkpoints[(thread_id, ns, checkpoint["id"])] = row
        if ns == "":
            if checkpoint["id"] >= self.heads.get(thread_id, ""):
                self.heads[thread_id] = checkpoint["id"]
            self.cleared[thread_id] = None
            self.interrupts.pop(thread_id, None)

    def put_writes(
        self,
        serde: Serializer,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str,
    ) -> None:
        where = target(config)
        keys, channels, types, blobs = _codec.encode_writes(serde, writes, SPECIAL_CHANNELS)
        for key, channel, type_, blob in zip(keys, channels, types, blobs, strict=True):
            self._write(where, task_id, key, (task_path, channel, type_, blob))

    def put_interrupts(
        self,
        serde: Serializer,
        config: RunnableConfig,
        task_id: str,
        records: Sequence[InterruptRecord],
    ) -> None:
        where = target(config)
        self._write(where, task_id, "__interrupt__", ("", *interrupt_write(serde, records)))
        self._index(where, records)

    def index_interrupts(
        self, serde: Serializer, config: RunnableConfig, records: Sequence[InterruptRecord]
    ) -> None:
        """Index without a write, whose foreign key would name a missing checkpoint: the
        checkpoint is looked up instead, unless the batch stores it."""
        where = target(config)
        at = (where["thread_id"], where["ns"], where["checkpoint_id"])
        if at not in self.checkpoints:
            self.required[at] = None
        self._index(where, records)

    def _index(self, where: dict[str, Any], records: Sequence[InterruptRecord]) -> None:
        if where["ns"] == "":
            pending = self.interrupts.setdefault(where["thread_id"], {})
            for record in records:
                pending[record.interrupt_id] = record

    def _write(
        self, where: dict[str, Any], task_id: str, key: str, row: tuple[str, str, str, bytes]
    ) -> None:
        """A special key's write replaces the task's earlier one; any other is stored once."""
        at = (where["thread_id"], where["ns"], where["checkpoint_id"], task_id, key)
        if key.startswith("__") or at not in self.writes:
            self.writes[at] = row

    def statement(self, serde: Serializer) -> Stmt:
        """The statement that stores every gathered row (`STORE_ROWS`)."""
        carried = [dict(zip(_BLOB_FIELDS[:4], key, strict=True)) for key in self.carried]
        required = [dict(zip(_WRITE_FIELDS[:3], key, strict=True)) for key in self.required]
        blobs = [dict(zip(_BLOB_FIELDS, (*k, *v), strict=True)) for k, v in self.blobs.items()]
        writes = [dict(zip(_WRITE_FIELDS, (*k, *v), strict=True)) for k, v in self.writes.items()]
        heads = [{"thread_id": t, "checkpoint_id": c} for t, c in self.heads.items()]
        raised = [
            _codec.interrupt_row(serde, t, r)
            for t, pending in self.interrupts.items()
            for r in pending.values()
        ]
        params: dict[str, list[Any]] = {
            "carried": carried,
            "required": required,
            "blobs": blobs,
            "checkpoints": list(self.checkpoints.values()),
            "writes": writes,
            "heads": heads,
            "interrupts": raised,
        }
        json_params = {name: _codec.as_json(rows) for name, rows in params.items()}
        return Stmt(STORE_ROWS, {**json_params, "cleared": list(self.cleared)})
