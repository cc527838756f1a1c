"""What commands print: rich tables for people, JSON objects for scripts (`--json`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from signoff.checkpoint.base import AnswerRecord, InterruptRecord
from signoff.cli.questions import (
    answer_commands,
    approval_request,
    asked_question,
    kind_of,
    question_text,
)
from signoff.cli.storage import Database
from signoff.cli.values import as_utc, clip, dumps, iso, jsonable

ID_PREFIX = 12


def interrupt_json(
    record: InterruptRecord, now: datetime, target: str | None = None
) -> dict[str, Any]:
    """One inbox entry as scripts see it (`signoff inbox --json`, `show --json`, `run --json`).

    `graph` is the graph's name as the index stores it; `target` is where its thread loads it from.
    """
    created = as_utc(record.created_at) if record.created_at else None
    return {
        "thread_id": record.thread_id,
        "interrupt_id": record.interrupt_id,
        "node": record.node,
        "value": jsonable(record.value),
        "kind": kind_of(record),
        "response_schema": jsonable(record.response_schema),
        "graph": record.graph,
        "target": target,
        "created_at": iso(created),
        "age_seconds": round((now - created).total_seconds(), 3) if created else None,
        "deadline": iso(record.deadline),
        "has_default": record.has_default,
    }


def answer_json(record: AnswerRecord) -> dict[str, Any]:
    return {
        "interrupt_id": record.interrupt_id,
        "node": record.node,
        "value": jsonable(record.value),
        "answered_by": record.answered_by,
        "answered_at": iso(record.answered_at),
    }


def age(seconds: float) -> str:
    """`42s`, `5m`, `3h 10m`, `2d 4h`: how long something has waited, in a table cell."""
    s = int(max(seconds, 0))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m"
    if s < 86400:
        return f"{s // 3600}h {s % 3600 // 60}m"
    return f"{s // 86400}d {s % 86400 // 3600}h"


def deadline_text(deadline: datetime | None, now: datetime) -> str:
    if deadline is None:
        return ""
    delta = (as_utc(deadline) - now).total_seconds()
    return f"overdue {age(-delta)}" if delta < 0 else f"in {age(delta)}"


def inbox_table(
    records: Sequence[InterruptRecord],
    now: datetime,
    title: str | None,
    targets: Mapping[str, str | None],
    unreadable: Mapping[str, str] | None = None,
) -> Table:
    """Pending interrupts; ids never wrap (people copy them), interrupt ids shown as a prefix
    that `signoff answer --interrupt` accepts. A thread in `unreadable` (thread id → why its
    interrupts cannot be read) gets one row saying so."""
    unreadable = unreadable or {}
    ids = [*(r.thread_id for r in records), *unreadable]
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("thread", no_wrap=True, min_width=_widest(ids))
    table.add_column("graph", no_wrap=True)
    table.add_column("node")
    table.add_column("interrupt", no_wrap=True, min_width=ID_PREFIX)
    table.add_column("question", ratio=1)
    table.add_column("age", justify="right", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    for r in records:
        waited = (now - as_utc(r.created_at)).total_seconds() if r.created_at else None
        table.add_row(
            escape(r.thread_id),
            escape(short_target(targets.get(r.thread_id)) or r.graph or ""),
            escape(r.node),
            r.interrupt_id[:ID_PREFIX],
            escape(question_text(r.value, 60)),
            age(waited) if waited is not None else "",
            deadline_text(r.deadline, now),
        )
    for thread_id, why in unreadable.items():
        table.add_row(
            escape(thread_id),
            escape(short_target(targets.get(thread_id))),
            "",
            "?",
            f"[red]cannot be read:[/red] {escape(clip(why, 160))}",
            "",
            "",
        )
    return table


def _widest(texts: Iterable[str]) -> int:
    return max((len(t) for t in texts), default=0)


def table_time(text: str | None) -> str:
    """`2026-11-25T09:36:35.858318+00:00` → `2026-11-25 09:36:35` (UTC), for table cells."""
    if not text:
        return ""
    try:
        return as_utc(datetime.fromisoformat(text)).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return text


def short_target(target: str | None) -> str:
    """`/long/path/to/email_approval.py:graph` → `email_approval.py:graph`."""
    if not target:
        return ""
    location, _, attr = target.rpartition(":")
    return f"{location.rsplit('/', 1)[-1]}:{attr}" if location else target


def print_pending(
    console: Console, thread_id: str, records: Sequence[InterruptRecord], db: Database
) -> None:
    """The paused message: each question, and the command lines that answer it."""
    count = len(records)
    console.print(
        f"[bold yellow]paused[/bold yellow]: thread {escape(thread_id)} waits for "
        f"{count} answer{'s' if count != 1 else ''}"
    )
    for r in records:
        where = f" in node {escape(r.node)}" if r.node else ""
        console.print(f"  interrupt {r.interrupt_id}{where}:")
        console.print(f"    {escape(clip(_question_block(r.value), 300))}", soft_wrap=True)
        console.print("  answer with:")
        for line in answer_commands(thread_id, r, db, several=count > 1):
            console.print(f"    {escape(line)}", soft_wrap=True, highlight=False)


def _question_block(value: Any) -> str:
    request = approval_request(value)
    if request is not None:
        action = request["action_request"]
        call = f"{action.get('action')} {dumps(action.get('args'), indent=None)}"
        text = request.get("description")
        return f"{text}  ({call})" if text else call
    value = asked_question(value)
    return value if isinstance(value, str) else dumps(value, indent=None)


def print_question(console: Console, record: InterruptRecord) -> None:
    """The question above an interactive prompt: what is asked, in words before data."""
    where = f" ({escape(record.node)})" if record.node else ""
    request = approval_request(record.value)
    if request is not None:
        action = request["action_request"]
        title = request.get("description") or f"approve {action.get('action')}?"
        console.print(
            f"[bold cyan]question[/bold cyan]{where}: {escape(str(title))}", highlight=False
        )
        console.print(f"  action: [bold]{escape(str(action.get('action')))}[/bold]")
        console.print_json(dumps(action.get("args", {})), indent=2)
        return
    question = asked_question(record.value)
    if isinstance(question, str):
        console.print(
            f"[bold cyan]question[/bold cyan]{where}: {escape(question)}",
            soft_wrap=True,
            highlight=False,
        )
    else:
        console.print(f"[bold cyan]question[/bold cyan]{where}:")
        console.print_json(dumps(question), indent=2)
    if record.deadline is not None:
        default = f"; then {dumps(record.default, indent=None)}" if record.has_default else ""
        console.print(f"  [dim]deadline {iso(record.deadline)}{escape(default)}[/dim]")


def print_values(console: Console, values: Any) -> None:
    if isinstance(values, dict) and not values:
        console.print("  (empty state)")
        return
    console.print_json(dumps(values), indent=2)


def print_answers(console: Console, answers: Sequence[AnswerRecord]) -> None:
    table = Table(title="answers", title_justify="left")
    table.add_column("interrupt", overflow="fold")
    table.add_column("node")
    table.add_column("value")
    table.add_column("by")
    table.add_column("at")
    for a in answers:
        table.add_row(
            a.interrupt_id,
            escape(a.node),
            escape(clip(dumps(a.value, indent=None), 50)),
            escape(a.answered_by or ""),
            iso(a.answered_at) or "",
        )
    console.print(table)


def rows_table(
    title: str | None,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    ids: Sequence[int] = (0,),
) -> Table:
    """A plain table whose id columns (indexes in `ids`) never wrap."""
    table = Table(title=title, title_justify="left")
    for index, column in enumerate(columns):
        if index in ids:
            widest = _widest(row[index] for row in rows)
            table.add_column(column, no_wrap=True, min_width=max(widest, len(column)))
        else:
            table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    return table


def state_keys(channels: Sequence[str] | None) -> str:
    """The state keys among a checkpoint's updated channels (not the runtime's own channels)."""
    return ", ".join(c for c in channels or () if not c.startswith("__") and ":" not in c)
