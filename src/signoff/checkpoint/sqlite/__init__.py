"""`SqliteSaver`: the embedded default saver, one SQLite file shared safely by threads and processes.

Storage is by delta (see `_schema`): a checkpoint row names channel versions, each version's value is
written once, so a long thread whose big state barely changes costs little per step, and reading
its latest checkpoint is one index search plus one lookup per channel, however long the history.

    with SqliteSaver.from_conn_string("threads.db") as saver:
        graph = builder.compile(checkpointer=saver)
"""

from __future__ import annotations

import builtins
import json
import secrets
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from signoff.checkpoint._retention import check_keep_last
from signoff.checkpoint.base import (
    AnswerRecord,
    BaseCheckpointSaver,
    BatchCall,
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
from signoff.checkpoint.sqlite import _interrupts
from signoff.checkpoint.sqlite._codec import EMPTY, encode_checkpoint, metadata_json, version_key
from signoff.checkpoint.sqlite._conn import Database, open_connection
from signoff.checkpoint.sqlite._prune import prune_thread
from signoff.checkpoint.sqlite._read import list_threads, load_tuples, select_checkpoints
from signoff.constants import ERROR, INTERRUPT, RESUME
from signoff.types import Interrupt

_REPLACED = frozenset({ERROR, INTERRUPT, RESUME})

_BlobRow = tuple[str, str, str, str, str, bytes | None]
"""(thread_id, checkpoint_ns, channel, version, type, blob)"""

_INSERT_BLOB = (
    "INSERT OR IGNORE INTO signoff_blobs (thread_id, checkpoint_ns, channel, version, type, blob) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_WRITE = (
    "INSERT OR IGNORE INTO signoff_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, "
    "write_key, task_path, channel, type, blob) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_THREAD = """
INSERT INTO signoff_threads (thread_id, checkpoint_id, updated_at) VALUES (?, ?, ?)
ON CONFLICT (thread_id) DO UPDATE SET
    checkpoint_id = excluded.checkpoint_id, updated_at = excluded.updated_at
WHERE excluded.checkpoint_id > signoff_threads.checkpoint_id
"""


class SqliteSaver(BaseCheckpointSaver):
    """Stores threads in a SQLite database; see the module docstring.

    `conn` may be any `sqlite3.Connection`; the saver runs its own transactions on it (do not leave
    one open) and guards it with a lock, so pass `check_same_thread=False` to use it from several
    threads. The schema is created or migrated on first use (`setup()`).
    """

    def __init__(self, conn: sqlite3.Connection, *, serde: Serializer | None = None) -> None:
        super().__init__(serde=serde)
        self.conn = conn
        self._db = Database(conn)
        self._fresh: set[tuple[str, ...]] | None = None
        """During a batch: checkpoints and blobs it stored, which need no lookup to be known."""

    @classmethod
    @contextmanager
    def from_conn_string(
        cls, conn_string: str, *, serde: Serializer | None = None
    ) -> Iterator[SqliteSaver]:
        """Open a file path, `":memory:"` or `file:` URI; the connection closes on exit."""
        conn = open_connection(conn_string)
        try:
            saver = cls(conn, serde=serde)
            saver.setup()
            yield saver
        finally:
            conn.close()

    def setup(self) -> None:
        """Create or migrate the schema; idempotent and safe while other processes use the file."""
        self._db.setup()

    # --- reads ---

    def get_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        thread_id = get_thread_id(config)
        if thread_id is None:
            return None
        where = {"thread_id": thread_id, "checkpoint_ns": get_checkpoint_ns(config)}
        checkpoint_id = get_checkpoint_id(config)
        if checkpoint_id:
            where["checkpoint_id"] = checkpoint_id
        with self._db.read() as conn:
            rows = select_checkpoints(conn, where, limit=1)
            found = load_tuples(conn, self.serde, rows)
        return found[0] if found else None

    def list(
        self,
        config: RunnableConfig | None,
        *,
        filter: Mapping[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[CheckpointTuple]:
        where: dict[str, str] = {}
        conf = (config or {}).get("configurable", {})
        for key in ("thread_id", "checkpoint_ns", "checkpoint_id"):
            if conf.get(key) is not None and (key != "checkpoint_id" or conf[key]):
                where[key] = str(conf[key])
        before_id = get_checkpoint_id(before) if before else None
        return self._pages(where, dict(filter or {}), before_id, limit)

    def _pages(
        self,
        where: dict[str, str],
        filter: dict[str, Any],
        before_id: str | None,
        limit: int | None,
    ) -> Iterator[CheckpointTuple]:
        """Yield matches page by page: three queries per page, never one per checkpoint."""
        remaining = limit
        after: tuple[str, str, str] | None = None
        page = min(limit, 100) if limit else 100
        while remaining is None or remaining > 0:
            with self._db.read() as conn:
                rows = select_checkpoints(
                    conn, where, filter=filter, before_id=before_id, after=after, limit=page
                )
                if not rows:
                    return
                found = load_tuples(conn, self.serde, rows)
            for t in found:
                if any(t.metadata.get(k) != v for k, v in filter.items()):
                    continue
                yield t
                if remaining is not None:
                    remaining -= 1
                    if remaining == 0:
                        return
            if len(rows) < page:
                return
            last = rows[-1]
            after = (last[2], last[0], last[1])

    # --- writes ---

    def put(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        with self._db.write() as conn:
            return self._put(conn, config, checkpoint, metadata, new_versions)

    def put_step(
        self,
        writes_at: RunnableConfig,
        writes: Sequence[StepWrites],
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        """The step's task writes and its new checkpoint in one transaction (one commit)."""
        with self._db.write() as conn:
            for task_id, task_writes in writes:
                self._put_writes(conn, writes_at, task_writes, task_id, "")
            return self._put(conn, config, checkpoint, metadata, new_versions)

    groups_writes = True

    def put_batch(self, calls: Sequence[BatchCall]) -> None:
        """The calls in one transaction: one commit, and index pages written once."""
        with self._db.batch():
            self._fresh = set()
            try:
                super().put_batch(calls)
            finally:
                self._fresh = None

    async def aput_batch(self, calls: Sequence[BatchCall]) -> None:
        self.put_batch(calls)

    def _put(
        self,
        conn: sqlite3.Connection,
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
        checkpoint_id = checkpoint["id"]
        versions_json, kind, skeleton = encode_checkpoint(self.serde, checkpoint)
        meta_type, meta_blob = self.serde.dumps_typed(dict(metadata))
        blobs = self._new_blobs(thread_id, ns, checkpoint, new_versions)
        blobs += self._missing_blobs(conn, thread_id, ns, checkpoint, new_versions)
        if self._fresh is not None:
            self._fresh.add((thread_id, ns, checkpoint_id))
            self._fresh.update(row[:4] for row in blobs)
        conn.executemany(_INSERT_BLOB, blobs)
        conn.execute(
            "INSERT OR REPLACE INTO signoff_checkpoints (thread_id, checkpoint_ns, "
            "checkpoint_id, parent_checkpoint_id, channel_versions, type, checkpoint, "
            "metadata_type, metadata, metadata_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ),
        )
        if ns == "":
            conn.execute(_UPSERT_THREAD, (thread_id, checkpoint_id, checkpoint["ts"]))
            conn.execute(
                "DELETE FROM signoff_interrupts WHERE thread_id = ? AND answered_at IS NULL",
                (thread_id,),
            )
        return {
            "configurable": {
                "thread_id": thread_id,
                "checkpoint_ns": ns,
                "checkpoint_id": checkpoint_id,
            }
        }

    def _new_blobs(
        self, thread_id: str, ns: str, checkpoint: Checkpoint, new_versions: ChannelVersions
    ) -> builtins.list[_BlobRow]:
        values = checkpoint["channel_values"]
        rows: list[_BlobRow] = []
        for channel, version in new_versions.items():
            if channel in values:
                rows.append(
                    (
                        thread_id,
                        ns,
                        channel,
                        version_key(version),
                        *self.serde.dumps_typed(values[channel]),
                    )
                )
            else:
                rows.append((thread_id, ns, channel, version_key(version), EMPTY, None))
        return rows

    def _missing_blobs(
        self,
        conn: sqlite3.Connection,
        thread_id: str,
        ns: str,
        checkpoint: Checkpoint,
        new_versions: ChannelVersions,
    ) -> builtins.list[_BlobRow]:
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
        fresh = self._fresh
        if fresh is not None:
            carried = {c: v for c, v in carried.items() if (thread_id, ns, c, v) not in fresh}
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
                "AND b.version = j.value",
                (json.dumps(carried), thread_id, ns),
            )
        }
        return [
            (thread_id, ns, ch, ver, *self.serde.dumps_typed(values[ch]))
            for ch, ver in carried.items()
            if ch not in stored
        ]

    def put_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        with self._db.write() as conn:
            self._put_writes(conn, config, writes, task_id, task_path)

    def _put_writes(
        self,
        conn: sqlite3.Connection,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str,
    ) -> None:
        thread_id, ns, checkpoint_id = self._target(config)
        rows = []
        for idx, (channel, value) in enumerate(writes):
            key = channel if channel in _REPLACED else str(idx)
            rows.append(
                (
                    thread_id,
                    ns,
                    checkpoint_id,
                    task_id,
                    key,
                    task_path,
                    channel,
                    *self.serde.dumps_typed(value),
                )
            )
        replaced = [r for r in rows if r[6] in _REPLACED]
        kept = [r for r in rows if r[6] not in _REPLACED]
        self._require_checkpoint(conn, thread_id, ns, checkpoint_id)
        conn.executemany(_interrupts.UPSERT_WRITE, replaced)
        conn.executemany(_INSERT_WRITE, kept)

    def _target(self, config: RunnableConfig) -> tuple[str, str, str]:
        return (
            get_thread_id(config) or "",
            get_checkpoint_ns(config),
            get_checkpoint_id(config) or "",
        )

    def _require_checkpoint(
        self, conn: sqlite3.Connection, thread_id: str, ns: str, checkpoint_id: str
    ) -> None:
        if self._fresh is not None and (thread_id, ns, checkpoint_id) in self._fresh:
            return
        row = conn.execute(
            "SELECT 1 FROM signoff_checkpoints "
            "WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
            (thread_id, ns, checkpoint_id),
        ).fetchone()
        if row is None:
            raise ValueError(
                f"thread {thread_id!r} has no checkpoint {checkpoint_id!r}; writes need a stored checkpoint"
            )

    def delete_thread(self, thread_id: str) -> None:
        with self._db.write() as conn:
            for table in (
                "signoff_checkpoints",
                "signoff_blobs",
                "signoff_writes",
                "signoff_interrupts",
                "signoff_answers",
                "signoff_threads",
            ):
                conn.execute(f"DELETE FROM {table} WHERE thread_id = ?", (thread_id,))

    def get_next_version(self, current: ChannelVersion | None, channel: str) -> ChannelVersion:
        """A sortable string: a zero-padded counter, then a random suffix so that two forks of a
        thread never give different values the same version."""
        if current is None:
            count = 0
        elif isinstance(current, str):
            count = int(current.split(".", 1)[0])
        else:
            count = int(current)
        return f"{count + 1:032}.{secrets.token_hex(8)}"

    def prune(self, thread_id: str, *, keep_last: int) -> int:
        """Drop old checkpoints of `thread_id` by the rule of `signoff.checkpoint._retention`;
        returns how many were deleted. Pending interrupts and what they need are always kept."""
        check_keep_last(thread_id, keep_last)
        with self._db.write() as conn:
            return prune_thread(conn, thread_id, keep_last)

    def list_threads(self, status: ThreadStatus | None = None) -> builtins.list[ThreadInfo]:
        with self._db.read() as conn:
            infos = list_threads(conn, self.serde)
        return [i for i in infos if status is None or i.status == status]

    # --- interrupts and answers ---

    def put_interrupts(
        self, config: RunnableConfig, task_id: str, interrupts: Sequence[InterruptRecord]
    ) -> None:
        thread_id, ns, checkpoint_id = self._target(config)
        value: list[Interrupt[Any]] = [
            Interrupt(r.value, r.interrupt_id, response_schema=r.response_schema)
            for r in interrupts
        ]
        row = (
            thread_id,
            ns,
            checkpoint_id,
            task_id,
            INTERRUPT,
            "",
            INTERRUPT,
            *self.serde.dumps_typed(value),
        )
        with self._db.write() as conn:
            self._require_checkpoint(conn, thread_id, ns, checkpoint_id)
            conn.execute(_interrupts.UPSERT_WRITE, row)
            if ns == "":
                _interrupts.index_interrupts(conn, self.serde, thread_id, interrupts)

    def put_answers(self, config: RunnableConfig, answers: Sequence[AnswerRecord]) -> None:
        target = self._target(config)
        with self._db.write() as conn:
            self._require_checkpoint(conn, *target)
            _interrupts.answer_interrupts(conn, self.serde, target, answers)

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        graph: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> builtins.list[InterruptRecord]:
        with self._db.read() as conn:
            return _interrupts.pending(
                conn,
                self.serde,
                thread_id=thread_id,
                graph=graph,
                node=node,
                limit=limit,
                cursor=cursor,
            )

    def answers(self, thread_id: str) -> builtins.list[AnswerRecord]:
        with self._db.read() as conn:
            return _interrupts.answers_of(conn, self.serde, thread_id)


__all__ = ["SqliteSaver"]
