"""The thread list behind `signoff threads`: each thread's latest checkpoint and its status.

Status, as LangGraph's server names it: `interrupted` (answers pending), `error` (the last step
raised), `idle` (finished, or stopped with nothing to answer). The saver answers from its thread
index, so listing costs O(threads), not O(checkpoints).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from signoff.checkpoint.base import ThreadInfo
from signoff.cli.runner import TARGET_KEY
from signoff.cli.values import iso


def thread_rows(saver: Any, status: str | None, limit: int | None = None) -> list[dict[str, Any]]:
    """One JSON-ready row per thread, most recently updated first, filtered by `status`."""
    infos: list[ThreadInfo] = saver.list_threads(status)
    if limit is not None:
        infos = infos[:limit]
    pending = _pending_counts(saver) if infos else Counter()
    return [_row(info, pending) for info in infos]


def _pending_counts(saver: Any) -> Counter[str]:
    from signoff.cli.answer_commands import all_pending

    return Counter(r.thread_id for r in all_pending(saver))


def _row(info: ThreadInfo, pending: Counter[str]) -> dict[str, Any]:
    metadata = info.metadata or {}
    return {
        "thread_id": info.thread_id,
        "status": info.status,
        "pending": pending.get(info.thread_id, 0),
        "step": metadata.get("step"),
        "checkpoint_id": info.checkpoint_id,
        "updated_at": iso(info.updated_at),
        "target": metadata.get(TARGET_KEY),
    }
