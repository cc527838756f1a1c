"""Dropping old checkpoints of a thread without breaking what is still needed.

The rule (`SqliteSaver.prune` documents it to users):

1. In the root namespace the `keep_last` newest checkpoints are kept, and so is every checkpoint a
   pending interrupt was raised at (the interrupt can still be answered).
2. A subgraph namespace keeps its `keep_last` newest checkpoints whose parent-graph checkpoints
   (`metadata["parents"]`) are all kept; a subgraph checkpoint whose parent-graph checkpoint is
   gone is dropped with it. Namespaces are decided shallow to deep.
3. Nothing kept may name a dropped checkpoint: where a kept checkpoint's `parent_config` named a
   dropped one, the link is cut, so the oldest kept checkpoint becomes the start of the history.
4. Channel values no kept checkpoint references are deleted. Answers stay for the audit trail.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from typing import Any

from signoff.checkpoint.sqlite._codec import BlobKey, blob_keys

_Row = tuple[str, str, str | None, str, str]
"""(checkpoint_ns, checkpoint_id, parent_checkpoint_id, channel_versions, metadata_json)"""


def prune_thread(conn: sqlite3.Connection, thread_id: str, keep_last: int) -> int:
    """Apply the module's rule to `thread_id` inside the caller's write transaction.

    Returns the number of checkpoints deleted.
    """
    rows: list[_Row] = conn.execute(
        "SELECT checkpoint_ns, checkpoint_id, parent_checkpoint_id, channel_versions, metadata_json "
        "FROM signoff_checkpoints WHERE thread_id = ? ORDER BY checkpoint_ns, checkpoint_id DESC",
        (thread_id,),
    ).fetchall()
    pinned = set(
        conn.execute(
            "SELECT checkpoint_ns, checkpoint_id FROM signoff_interrupts WHERE thread_id = ?",
            (thread_id,),
        ).fetchall()
    )
    kept = _kept(rows, pinned, keep_last)
    dropped = [(thread_id, r[0], r[1]) for r in rows if (r[0], r[1]) not in kept]
    if not dropped:
        return 0
    conn.executemany(
        "DELETE FROM signoff_checkpoints "
        "WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
        dropped,
    )
    conn.executemany(
        "DELETE FROM signoff_writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
        dropped,
    )
    cut = [
        (thread_id, r[0], r[1])
        for r in rows
        if (r[0], r[1]) in kept and r[2] is not None and (r[0], r[2]) not in kept
    ]
    conn.executemany(
        "UPDATE signoff_checkpoints SET parent_checkpoint_id = NULL "
        "WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
        cut,
    )
    _collect_blobs(conn, thread_id, [r for r in rows if (r[0], r[1]) in kept])
    return len(dropped)


def _kept(rows: list[_Row], pinned: set[tuple[str, str]], keep_last: int) -> set[tuple[str, str]]:
    by_ns: defaultdict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        by_ns[row[0]].append(row)  # newest first within each namespace
    kept = set(pinned)
    for ns in sorted(by_ns, key=lambda n: (n.count("|"), n) if n else (-1, n)):
        for row in by_ns[ns][:keep_last]:
            if all(parent in kept for parent in _parents(row[4])):
                kept.add((ns, row[1]))
    return kept


def _parents(metadata_json: str) -> list[tuple[str, str]]:
    try:
        parents: Any = json.loads(metadata_json).get("parents") or {}
        return [(str(ns), str(cid)) for ns, cid in parents.items()]
    except (ValueError, AttributeError):
        return []


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
