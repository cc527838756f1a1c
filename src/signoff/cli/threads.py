"""The thread list behind `signoff threads`: each thread's latest checkpoint and its status.

Status, as LangGraph's server names it: `interrupted` (answers pending), `error` (the last step
raised), `idle` (finished, or stopped with nothing to answer). `signoff show` uses the same words.
`pending` is None (and `error` says why) for a thread whose interrupts cannot be read. The saver answers from its thread
index, so listing costs O(threads), not O(checkpoints).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from signoff.checkpoint.base import ThreadInfo
from signoff.cli.runner import TARGET_KEY
from signoff.cli.thread_state import pending_by_thread
from signoff.cli.values import iso


def thread_rows(saver: Any, status: str | None, limit: int | None = None) -> list[dict[str, Any]]:
    """One JSON-ready row per thread, most recently updated first, filtered by `status`."""
    infos: list[ThreadInfo] = saver.list_threads(status)
    if limit is not None:
        infos = infos[:limit]
    pending, unreadable = _pending_counts(saver) if infos else (Counter(), {})
    return [_row(info, pending, unreadable) for info in infos]


def _pending_counts(saver: Any) -> tuple[Counter[str], dict[str, str]]:
    """(thread id → pending interrupts; thread id → why its interrupts cannot be read)."""
    records, unreadable = pending_by_thread(saver)
    return Counter(r.thread_id for r in records), unreadable


def _row(info: ThreadInfo, pending: Counter[str], unreadable: dict[str, str]) -> dict[str, Any]:
    metadata = info.metadata or {}
    row: dict[str, Any] = {
        "thread_id": info.thread_id,
        "status": info.status,
        "pending": None if info.thread_id in unreadable else pending.get(info.thread_id, 0),
        "step": metadata.get("step"),
        "checkpoint_id": info.checkpoint_id,
        "updated_at": iso(info.updated_at),
        "target": metadata.get(TARGET_KEY),
    }
    if info.thread_id in unreadable:
        row["error"] = unreadable[info.thread_id]
    return row
