"""Reading checkpoints in batches: one query for the rows, one for all their values, one for all
their pending writes, whatever the number of checkpoints (no N+1)."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from signoff.checkpoint.base import CheckpointTuple, ThreadInfo, ThreadStatus
from signoff.checkpoint.serde import Serializer
from signoff.checkpoint.sqlite._codec import (
    CHECKPOINT_COLUMNS,
    Blob,
    BlobKey,
    CheckpointRow,
    WriteRow,
    blob_keys,
    decode_tuple,
)
from signoff.constants import ERROR

_ORDER = " ORDER BY checkpoint_id DESC, thread_id DESC, checkpoint_ns DESC"
_INT64 = (-(2**63), 2**63 - 1)


def select_checkpoints(
    conn: sqlite3.Connection,
    where: Mapping[str, str],
    *,
    filter: Mapping[str, Any] | None = None,
    before_id: str | None = None,
    after: tuple[str, str, str] | None = None,
    limit: int,
) -> list[CheckpointRow]:
    """Checkpoint rows newest first. `where` holds exact column values; `filter` is applied to
    metadata in SQL where JSON can decide it exactly (the caller rechecks every key in Python);
    `after` is the (id, thread, ns) of the previous page's last row."""
    clauses = [f"{column} = ?" for column in where]
    params: list[Any] = list(where.values())
    for key, value in (filter or {}).items():
        if _sql_comparable(key, value):
            clauses.append("json_extract(metadata_json, ?) IS ?")
            params += [f'$."{key}"', value]
    if before_id is not None:
        clauses.append("checkpoint_id < ?")
        params.append(before_id)
    if after is not None:
        clauses.append("(checkpoint_id, thread_id, checkpoint_ns) < (?, ?, ?)")
        params += after
    sql = f"SELECT {CHECKPOINT_COLUMNS} FROM signoff_checkpoints"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    rows: list[CheckpointRow] = conn.execute(sql + _ORDER + " LIMIT ?", [*params, limit]).fetchall()
    return rows


def _sql_comparable(key: str, value: Any) -> bool:
    """Whether `json_extract(...) IS value` in SQL agrees with `metadata.get(key) == value`."""
    if not isinstance(key, str) or '"' in key or "\\" in key:
        return False
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, int):
        return _INT64[0] <= value <= _INT64[1]
    return isinstance(value, float) and math.isfinite(value)


def load_tuples(
    conn: sqlite3.Connection, serde: Serializer, rows: list[CheckpointRow]
) -> list[CheckpointTuple]:
    """Build the tuples for `rows` with two more queries: their values and their pending writes."""
    if not rows:
        return []
    blobs = _blobs(conn, rows)
    writes = _writes(conn, rows)
    return [
        decode_tuple(serde, row, blobs, writes.get((row[0], row[1], row[2]), [])) for row in rows
    ]


def one_tuple_sql(by_id: bool) -> str:
    """One statement reading a checkpoint (the newest of `?1` thread and `?2` namespace, or the
    one with id `?3`), its values and its pending writes: a single statement is a consistent
    snapshot without BEGIN/COMMIT. Rows are tagged 0 (checkpoint), 1 (value), 2 (write)."""
    where = "thread_id = ?1 AND checkpoint_ns = ?2" + (" AND checkpoint_id = ?3" if by_id else "")
    return f"""
WITH c AS (
    SELECT {CHECKPOINT_COLUMNS} FROM signoff_checkpoints WHERE {where}
    ORDER BY checkpoint_id DESC LIMIT 1
)
SELECT 0, {CHECKPOINT_COLUMNS} FROM c
UNION ALL
SELECT 1, b.channel, b.version, b.type, b.blob, NULL, NULL, NULL, NULL, NULL
FROM c, json_each(c.channel_versions) AS j CROSS JOIN signoff_blobs AS b
    ON b.thread_id = c.thread_id AND b.checkpoint_ns = c.checkpoint_ns
    AND b.channel = j.key AND b.version = CAST(j.value AS TEXT)
UNION ALL
SELECT 2, w.seq, w.task_id, w.channel, w.type, w.blob, NULL, NULL, NULL, NULL
FROM c CROSS JOIN signoff_writes AS w
    ON w.thread_id = c.thread_id AND w.checkpoint_ns = c.checkpoint_ns
    AND w.checkpoint_id = c.checkpoint_id"""


def decode_one(serde: Serializer, found: list[tuple[Any, ...]]) -> CheckpointTuple | None:
    """The tuple from the rows of `one_tuple_sql`; None when no checkpoint matched."""
    row: CheckpointRow | None = None
    values: list[tuple[Any, ...]] = []
    writes: list[tuple[Any, ...]] = []
    for r in found:
        if r[0] == 0:
            row = r[1:]  # the checkpoint's columns, see the SQL
        elif r[0] == 1:
            values.append(r)
        else:
            writes.append(r)
    if row is None:
        return None
    thread_id, ns = row[0], row[1]
    blobs = {(thread_id, ns, r[1], r[2]): (r[3], r[4]) for r in values}
    writes.sort(key=_seq)
    return decode_tuple(serde, row, blobs, [(r[2], r[3], r[4], r[5]) for r in writes])


def _seq(row: tuple[Any, ...]) -> int:
    seq: int = row[1]
    return seq


def _blobs(conn: sqlite3.Connection, rows: list[CheckpointRow]) -> dict[BlobKey, Blob]:
    keys: set[BlobKey] = set()
    for row in rows:
        keys.update(blob_keys(row[0], row[1], row[4]))
    if not keys:
        return {}
    found = conn.execute(
        "SELECT b.thread_id, b.checkpoint_ns, b.channel, b.version, b.type, b.blob "
        "FROM json_each(?) AS j CROSS JOIN signoff_blobs AS b "
        "ON b.thread_id = json_extract(j.value, '$[0]') "
        "AND b.checkpoint_ns = json_extract(j.value, '$[1]') "
        "AND b.channel = json_extract(j.value, '$[2]') "
        "AND b.version = json_extract(j.value, '$[3]')",
        (json.dumps(sorted(keys)),),
    )
    return {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in found}


def _writes(
    conn: sqlite3.Connection, rows: list[CheckpointRow]
) -> dict[tuple[str, str, str], list[WriteRow]]:
    targets = sorted({(row[0], row[1], row[2]) for row in rows})
    found = conn.execute(
        "SELECT w.thread_id, w.checkpoint_ns, w.checkpoint_id, w.task_id, w.channel, w.type, w.blob "
        "FROM json_each(?) AS j CROSS JOIN signoff_writes AS w "
        "ON w.thread_id = json_extract(j.value, '$[0]') "
        "AND w.checkpoint_ns = json_extract(j.value, '$[1]') "
        "AND w.checkpoint_id = json_extract(j.value, '$[2]') "
        "ORDER BY w.seq",
        (json.dumps(targets),),
    )
    by_checkpoint: defaultdict[tuple[str, str, str], list[WriteRow]] = defaultdict(list)
    for r in found:
        by_checkpoint[(r[0], r[1], r[2])].append((r[3], r[4], r[5], r[6]))
    return by_checkpoint


_THREADS_SQL = f"""
SELECT t.thread_id, t.checkpoint_id, t.updated_at, c.metadata_type, c.metadata,
    EXISTS (
        SELECT 1 FROM signoff_interrupts AS i
        WHERE i.thread_id = t.thread_id AND i.answered_at IS NULL
    ),
    EXISTS (
        SELECT 1 FROM signoff_writes AS w
        WHERE w.thread_id = t.thread_id AND w.checkpoint_ns = ''
        AND w.checkpoint_id = t.checkpoint_id AND w.channel = '{ERROR}'
    )
FROM signoff_threads AS t
LEFT JOIN signoff_checkpoints AS c
    ON c.thread_id = t.thread_id AND c.checkpoint_ns = '' AND c.checkpoint_id = t.checkpoint_id
ORDER BY t.checkpoint_id DESC
"""


def list_threads(conn: sqlite3.Connection, serde: Serializer) -> list[ThreadInfo]:
    """Every thread, most recently updated first; a thread whose metadata cannot be read is listed
    with status "error" rather than hiding the others."""
    infos = []
    for thread_id, checkpoint_id, updated_at, meta_type, meta, interrupted, failed in conn.execute(
        _THREADS_SQL
    ):
        try:
            metadata = dict(serde.loads_typed((meta_type, meta))) if meta_type else {}
        except Exception:
            metadata, failed = {}, True
        status: ThreadStatus = "interrupted" if interrupted else "error" if failed else "idle"
        infos.append(ThreadInfo(thread_id, checkpoint_id, _parse(updated_at), status, metadata))
    return infos


def _parse(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
