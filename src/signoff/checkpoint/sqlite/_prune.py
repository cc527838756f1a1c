"""Dropping old checkpoints of a thread by the rule in `signoff.checkpoint._retention`."""

from __future__ import annotations

import json
import sqlite3

from signoff.checkpoint import _retention
from signoff.checkpoint.sqlite._codec import BlobKey, blob_keys

_Row = tuple[str, str, str | None, str, str]
"""(checkpoint_ns, checkpoint_id, parent_checkpoint_id, channel_versions, metadata_json)"""


def prune_thread(conn: sqlite3.Connection, thread_id: str, keep_last: int) -> int:
    """Apply the retention rule to `thread_id` inside the caller's write transaction.

    Returns the number of checkpoints deleted.
    """
    rows: list[_Row] = conn.execute(
        "SELECT checkpoint_ns, checkpoint_id, parent_checkpoint_id, channel_versions, metadata_json "
        "FROM signoff_checkpoints WHERE thread_id = ?",
        (thread_id,),
    ).fetchall()
    pinned = conn.execute(
        "SELECT checkpoint_ns, checkpoint_id FROM signoff_interrupts "
        "WHERE thread_id = ? AND answered_at IS NULL",
        (thread_id,),
    ).fetchall()
    stored = [_retention.Stored(r[0], r[1], r[2], _parents(r[4])) for r in rows]
    kept = _retention.kept(stored, pinned, keep_last)
    dropped = [(thread_id, r[0], r[1]) for r in rows if (r[0], r[1]) not in kept]
    if not dropped:
        return 0
    for table in ("signoff_checkpoints", "signoff_writes", "signoff_interrupts"):
        conn.executemany(
            f"DELETE FROM {table} WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
            dropped,
        )
    conn.executemany(
        "UPDATE signoff_checkpoints SET parent_checkpoint_id = NULL "
        "WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
        [(thread_id, ns, cid) for ns, cid in _retention.cut_links(stored, kept)],
    )
    _collect_blobs(conn, thread_id, [r for r in rows if (r[0], r[1]) in kept])
    return len(dropped)


def _parents(metadata_json: str) -> dict[str, str]:
    try:
        return _retention.parents_of(json.loads(metadata_json))
    except ValueError:
        return {}


def _collect_blobs(conn: sqlite3.Connection, thread_id: str, kept: list[_Row]) -> None:
    referenced: set[BlobKey] = set()
    for ns, _, _, versions_json, _ in kept:
        keys = blob_keys(thread_id, ns, versions_json)
        if not keys and versions_json not in ("{}", ""):
            return  # a kept row we cannot parse: keep every blob rather than guess
        referenced.update(keys)
    stored = conn.execute(
        "SELECT checkpoint_ns, channel, version FROM signoff_blobs WHERE thread_id = ?",
        (thread_id,),
    ).fetchall()
    unreferenced = [
        (thread_id, ns, channel, version)
        for ns, channel, version in stored
        if (thread_id, ns, channel, version) not in referenced
    ]
    conn.executemany(
        "DELETE FROM signoff_blobs "
        "WHERE thread_id = ? AND checkpoint_ns = ? AND channel = ? AND version = ?",
        unreferenced,
    )
