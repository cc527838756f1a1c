"""Every saver operation, written once as a generator of SQL statements (sans-IO).

An operation yields `Stmt`s and receives each statement's rows back; a database error is thrown
into it at the `yield` so it can translate the error. Its return value is the method's result. The
sync saver drives these with a `psycopg.Connection`, the async saver with an `AsyncConnection`:
the SQL, the parameters and the decoding exist once.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TypeVar

from psycopg import errors

from signoff.checkpoint import _retention
from signoff.checkpoint._cursor import unknown_cursor
from signoff.checkpoint._retention import check_keep_last
from signoff.checkpoint.base import (
    AnswerRecord,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    RunnableConfig,
    StepWrites,
    ThreadInfo,
    get_checkpoint_id,
    get_checkpoint_ns,
    get_thread_id,
)
from signoff.checkpoint.postgres import _codec, _schema, _sql
from signoff.checkpoint.serde import Serializer
from signoff.constants import ERROR, INTERRUPT, RESUME
from signoff.errors import InterruptAlreadyAnsweredError, SchemaVersionError

T = TypeVar("T")
Row = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Stmt:
    sql: str
    params: Mapping[str, Any] | Sequence[Any] = ()


Op = Generator[Stmt, list[Row], T]
"""Yields statements, is sent each statement's rows, returns the operation's result."""

SPECIAL_CHANNELS = frozenset({ERROR, INTERRUPT, RESUME})


def _thread(config: RunnableConfig, what: str) -> str:
    thread_id = get_thread_id(config)
    if thread_id is None:
        raise ValueError(f"config['configurable']['thread_id'] is required to {what}")
    return thread_id


def _no_checkpoint(thread_id: str, ns: str, checkpoint_id: str | None) -> ValueError:
    return ValueError(
        f"thread {thread_id!r} has no checkpoint {checkpoint_id!r} in namespace {ns!r}; "
        "writes need a stored checkpoint"
    )


# --- schema ----------------------------------------------------------------------------------


def setup() -> Op[None]:
    """Create or migrate the schema; run in one transaction (the advisory lock is held to commit)."""
    yield Stmt(_schema.LOCK_SQL)
    yield Stmt(_schema.CREATE_VERSION_TABLE)
    rows = yield Stmt(_schema.CURRENT_VERSION_SQL)
    current = int(rows[0][0])
    if current > _schema.LATEST_VERSION:
        schema = (yield Stmt("SELECT current_schema()"))[0][0]
        raise SchemaVersionError(
            f"PostgreSQL schema {schema!r} holds signoff tables of version {current}, newer than "
            f"this signoff supports ({_schema.LATEST_VERSION}); upgrade signoff"
        )
    for version, statements in _schema.pending_migrations(current):
        for sql in statements:
            yield Stmt(sql)
        yield Stmt(_schema.STAMP_SQL, (version,))


def check_schema() -> Op[None]:
    """Refuse tables that `setup()` has not made, or has not migrated to this version, or that a
    newer signoff made: before a saver's first read or write."""
    try:
        rows = yield Stmt(_schema.CURRENT_VERSION_SQL)
    except errors.UndefinedTable:
        raise SchemaVersionError(
            "PostgreSQL database has no signoff tables in its search path; call saver.setup() "
            "once to create them"
        ) from None
    current = int(rows[0][0])
    if current > _schema.LATEST_VERSION:
        raise SchemaVersionError(
            f"PostgreSQL signoff tables have version {current}, newer than this signoff "
            f"supports ({_schema.LATEST_VERSION}); upgrade signoff"
        )
    if current < _schema.LATEST_VERSION:
        raise SchemaVersionError(
            f"PostgreSQL signoff tables have version {current}, older than this signoff's "
            f"({_schema.LATEST_VERSION}); call saver.setup() to migrate them"
        )


# --- writes ----------------------------------------------------------------------------------


def put(
    serde: Serializer,
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    new_versions: ChannelVersions,
) -> Op[RunnableConfig]:
    """One statement; a second only when values carried from the parent were never stored."""
    thread_id = _thread(config, "store a checkpoint")
    ns = get_checkpoint_ns(config)
    versions = checkpoint["channel_versions"]
    carried = _codec.carried_versions(thread_id, checkpoint, new_versions)
    parent_id = get_checkpoint_id(config)
    params = _codec.checkpoint_row(serde, thread_id, ns, parent_id, checkpoint, metadata)
    to_store = dict(new_versions)
    for _attempt in range(3):
        b_channels, b_versions, b_types, b_blobs = _codec.encode_blobs(serde, checkpoint, to_store)
        params |= {"b_channels": b_channels, "b_versions": b_versions}
        params |= {"b_types": b_types, "b_blobs": b_blobs}
        params |= {"c_channels": list(carried), "c_versions": list(carried.values())}
        missing = [row[0] for row in (yield Stmt(_sql.PUT_CHECKPOINT, params))]
        if not missing:
            return _codec.config_for(thread_id, ns, checkpoint["id"])
        for channel in missing:
            to_store[channel] = versions[channel]
            del carried[channel]
    raise RuntimeError(
        f"checkpoint {checkpoint['id']} of thread {thread_id!r}: channel values kept vanishing "
        "while storing it (a concurrent prune?); retry the operation"
    )


def target(config: RunnableConfig, what: str = "store writes") -> dict[str, Any]:
    """The thread, namespace and checkpoint `config` names (a thread is required to `what`)."""
    return {
        "thread_id": _thread(config, what),
        "ns": get_checkpoint_ns(config),
        "checkpoint_id": get_checkpoint_id(config),
    }


def put_writes(
    serde: Serializer,
    config: RunnableConfig,
    writes: Sequence[tuple[str, Any]],
    task_id: str,
    task_path: str,
) -> Op[None]:
    where = target(config)
    keys, channels, types, blobs = _codec.encode_writes(serde, writes, SPECIAL_CHANNELS)
    if not keys:
        return
    params = {**where, "task_id": task_id, "task_path": task_path, "keys": keys}
    params |= {"channels": channels, "types": types, "blobs": blobs}
    try:
        yield Stmt(_sql.PUT_WRITES, params)
    except errors.ForeignKeyViolation:
        raise _no_checkpoint(where["thread_id"], where["ns"], where["checkpoint_id"]) from None


def put_step(
    serde: Serializer,
    writes_at: RunnableConfig,
    writes: Sequence[StepWrites],
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    new_versions: ChannelVersions,
) -> Op[RunnableConfig]:
    """A step's task writes and its new checkpoint; run in one transaction."""
    for task_id, task_writes in writes:
        yield from put_writes(serde, writes_at, task_writes, task_id, "")
    return (yield from put(serde, config, checkpoint, metadata, new_versions))


def interrupt_write(
    serde: Serializer, records: Sequence[InterruptRecord]
) -> tuple[str, str, bytes]:
    """The task's `__interrupt__` write for `records`: (channel, type, blob)."""
    from signoff.types import Interrupt

    write: list[Interrupt[Any]] = [
        Interrupt(r.value, r.interrupt_id, response_schema=r.response_schema) for r in records
    ]
    return (INTERRUPT, *_codec.dump(serde, write))


def put_interrupts(
    serde: Serializer, config: RunnableConfig, task_id: str, records: Sequence[InterruptRecord]
) -> Op[None]:
    where = target(config)
    _channel, w_type, w_blob = interrupt_write(serde, records)
    params = {**where, "task_id": task_id, "w_type": w_type, "w_blob": w_blob}
    rows = [_codec.interrupt_row(serde, where["thread_id"], r) for r in records]
    params |= {"index": where["ns"] == "", "interrupts": _codec.as_json(rows)}
    try:
        yield Stmt(_sql.PUT_INTERRUPTS, params)
    except errors.ForeignKeyViolation:
        raise _no_checkpoint(where["thread_id"], where["ns"], where["checkpoint_id"]) from None


def index_interrupts(
    serde: Serializer, config: RunnableConfig, records: Sequence[InterruptRecord]
) -> Op[None]:
    where = target(config)
    rows = [_codec.interrupt_row(serde, where["thread_id"], r) for r in records]
    params = {**where, "index": where["ns"] == "", "interrupts": _codec.as_json(rows)}
    ((found,),) = yield Stmt(_sql.INDEX_INTERRUPTS, params)
    if not found:
        raise _no_checkpoint(where["thread_id"], where["ns"], where["checkpoint_id"])


def put_answers(
    serde: Serializer, config: RunnableConfig, answers: Sequence[AnswerRecord]
) -> Op[None]:
    """All or nothing in one statement (atomic on its own, see `_sql.CLAIM_ANSWERS`)."""
    where = target(config)
    ids = [a.interrupt_id for a in answers]
    if not ids:
        return
    audit, resumes = _codec.answer_rows(serde, where, answers)
    params = {**where, "ids": ids, "now": datetime.now(timezone.utc)}
    params |= {"answers": _codec.as_json(audit), "resumes": _codec.as_json(resumes)}
    pending = {row[0] for row in (yield Stmt(_sql.CLAIM_ANSWERS, params))}
    seen: set[str] = set()
    for interrupt_id in ids:
        if interrupt_id not in pending or interrupt_id in seen:  # a repeat answers it twice
            raise _not_pending(where["thread_id"], interrupt_id)
        seen.add(interrupt_id)


def _not_pending(thread_id: str, interrupt_id: str) -> InterruptAlreadyAnsweredError:
    return InterruptAlreadyAnsweredError(
        f"interrupt {interrupt_id} of thread {thread_id!r} is not pending (already answered?); "
        "read the thread's state and answer what is pending",
        thread_id=thread_id,
        interrupt_id=interrupt_id,
    )


def delete_thread(thread_id: str) -> Op[None]:
    yield Stmt(_sql.DELETE_THREAD, {"thread_id": str(thread_id)})


def prune(thread_id: str, keep_last: int) -> Op[int]:
    """Run in one transaction; the rule is `signoff.checkpoint._retention`'s. Returns how many
    checkpoints were dropped."""
    check_keep_last(thread_id, keep_last)
    params: dict[str, Any] = {"thread_id": str(thread_id)}
    rows = yield Stmt(_sql.PRUNE_ROWS, params)
    pinned = {(r[0], r[1]) for r in (yield Stmt(_sql.PRUNE_PINNED, params))}
    stored = [
        _retention.Stored(r[0], r[1], r[2], _retention.parents_of({"parents": r[3]})) for r in rows
    ]
    kept = _retention.kept(stored, pinned, keep_last)
    gone = [
        (s.checkpoint_ns, s.checkpoint_id)
        for s in stored
        if (s.checkpoint_ns, s.checkpoint_id) not in kept
    ]
    if not gone:
        return 0
    cut = _retention.cut_links(stored, kept)
    params |= {"gone_ns": [g[0] for g in gone], "gone_ids": [g[1] for g in gone]}
    params |= {"cut_ns": [c[0] for c in cut], "cut_ids": [c[1] for c in cut]}
    yield Stmt(_sql.PRUNE_DELETE, params)
    yield Stmt(_sql.COLLECT_BLOBS, params)
    return len(gone)


# --- reads -----------------------------------------------------------------------------------


def get_tuple(serde: Serializer, config: RunnableConfig) -> Op[CheckpointTuple | None]:
    thread_id = get_thread_id(config)
    if thread_id is None:
        return None
    params: list[Any] = [thread_id, get_checkpoint_ns(config)]
    where = " WHERE c.thread_id = %s AND c.checkpoint_ns = %s"
    checkpoint_id = get_checkpoint_id(config)
    if checkpoint_id:
        where += " AND c.checkpoint_id = %s"
        params.append(checkpoint_id)
    rows = yield Stmt(_sql.SELECT_CHECKPOINTS + where + _sql.LIST_ORDER + " LIMIT 1", params)
    return _codec.decode_checkpoint(serde, rows[0]) if rows else None


def pending_interrupts(
    serde: Serializer,
    *,
    thread_id: str | None,
    graph: str | None,
    node: str | None,
    limit: int | None,
    cursor: str | None,
) -> Op[list[InterruptRecord]]:
    where = ""
    params: dict[str, Any] = {"cursor": cursor, "thread_id": thread_id}
    for column, value in (("thread_id", thread_id), ("graph", graph), ("node", node)):
        if value is not None:
            where += f" AND i.{column} = %({column})s"
            params[column] = value
    cursor_thread = "AND i.thread_id = %(thread_id)s" if thread_id is not None else ""
    if cursor is not None:
        known = yield Stmt(
            "SELECT 1 FROM signoff_interrupts i WHERE i.interrupt_id = %(cursor)s "
            + cursor_thread
            + " LIMIT 1",
            params,
        )
        if not known:
            raise unknown_cursor(cursor)
    sql = _sql.PENDING_CURSOR.format(where=where, cursor_thread=cursor_thread)
    if limit is not None:
        sql += f" LIMIT {max(int(limit), 0)}"
    rows = yield Stmt(sql, params)
    return [_codec.decode_interrupt(serde, row) for row in rows]


def list_threads(
    serde: Serializer, *, status: str | None, limit: int | None
) -> Op[list[ThreadInfo]]:
    sql = _sql.LIST_THREADS
    if limit is not None:
        sql += f" LIMIT {max(int(limit), 0)}"
    rows = yield Stmt(sql, {"status": status})
    infos = [_codec.decode_thread(serde, row) for row in rows]
    return [i for i in infos if status is None or i.status == status]


def answers(serde: Serializer, thread_id: str) -> Op[list[AnswerRecord]]:
    rows = yield Stmt(_sql.SELECT_ANSWERS, (str(thread_id),))
    return [_codec.decode_answer(serde, row) for row in rows]
