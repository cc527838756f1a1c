"""The thread list behind `signoff threads`: each thread's latest checkpoint and its status.

Status, as LangGraph's server names it: `interrupted` (answers pending), `error` (the last step
raised), `idle` (finished, or stopped with nothing to answer).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from signoff.cli.runner import TARGET_KEY
from signoff.constants import ERROR


def thread_rows(saver: Any, status: str | None) -> list[dict[str, Any]]:
    """One JSON-ready row per thread, newest first, filtered by `status` when given."""
    pending = Counter(r.thread_id for r in _all_pending(saver))
    rows = [_row(latest, pending) for latest in _latest_per_thread(saver)]
    rows.sort(key=lambda r: r["checkpoint_id"], reverse=True)
    return [r for r in rows if status is None or r["status"] == status]


def _all_pending(saver: Any) -> list[Any]:
    from signoff.cli.answer_commands import all_pending

    return all_pending(saver)


def _latest_per_thread(saver: Any) -> list[Any]:
    """The root-namespace latest checkpoint of every thread (ids sort by creation time)."""
    latest: dict[str, Any] = {}
    for item in saver.list(None):
        configurable = item.config.get("configurable", {})
        if configurable.get("checkpoint_ns", ""):
            continue
        thread_id = str(configurable.get("thread_id"))
        current = latest.get(thread_id)
        if current is None or item.checkpoint["id"] > current.checkpoint["id"]:
            latest[thread_id] = item
    return list(latest.values())


def _row(item: Any, pending: Counter[str]) -> dict[str, Any]:
    thread_id = str(item.config["configurable"]["thread_id"])
    metadata = item.metadata or {}
    errored = any(write[1] == ERROR for write in item.pending_writes or ())
    count = pending.get(thread_id, 0)
    return {
        "thread_id": thread_id,
        "status": "interrupted" if count else "error" if errored else "idle",
        "pending": count,
        "step": metadata.get("step"),
        "checkpoint_id": item.checkpoint["id"],
        "updated_at": item.checkpoint.get("ts"),
        "target": metadata.get(TARGET_KEY),
    }
