"""Commands that only read: `inbox`, `show`, `history`, `threads`, `graph`, and `lint`.

None of them creates a database or changes a thread; each has `--json` for scripts.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import click
from rich.markup import escape

from signoff.checkpoint.base import InterruptRecord
from signoff.cli.errors import CliError, describe
from signoff.cli.options import consoles, db_option, debug_option, json_option
from signoff.cli.render import (
    answer_json,
    inbox_table,
    interrupt_json,
    print_answers,
    print_values,
    rows_table,
    short_target,
    state_keys,
    table_time,
)
from signoff.cli.run_commands import open_thread
from signoff.cli.runner import TARGET_KEY
from signoff.cli.storage import choose_database, open_saver
from signoff.cli.target import compiled, load_object, parse_target, resolve_graph
from signoff.cli.thread_state import decoded, pending_by_thread, thread_targets
from signoff.cli.threads import thread_rows
from signoff.cli.values import dumps, iso, jsonable
from signoff.constants import ERROR


@click.command()
@click.option("--graph", "graph", metavar="TARGET", help="Only interrupts of this graph.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
@json_option
@db_option
@debug_option
def inbox(graph: str | None, limit: int | None, as_json: bool, db: str | None) -> None:
    """List every interrupt waiting for an answer, across threads, oldest first.

    \b
    Example:
      signoff inbox --json | jq '.[].interrupt_id'
    """
    database = choose_database(db)
    wanted = _graph_filter(graph)
    records: list[InterruptRecord] = []
    targets: dict[str, str | None] = {}
    unreadable: dict[str, str] = {}
    if database.exists():
        with open_saver(database, create=False) as saver:
            records, unreadable = pending_by_thread(saver)
            targets = thread_targets(saver)
    if graph is not None:

        def matches(thread_id: str, graph_name: str | None) -> bool:
            target = targets.get(thread_id)
            return graph in (graph_name, target) or (wanted is not None and target == wanted)

        records = [r for r in records if matches(r.thread_id, r.graph)]
        unreadable = {t: why for t, why in unreadable.items() if matches(t, None)}
    records = records[:limit] if limit else records
    now = datetime.now(timezone.utc)
    out, err = consoles()
    if as_json:
        click.echo(dumps([interrupt_json(r, now, targets.get(r.thread_id)) for r in records]))
        for thread_id, why in unreadable.items():
            err.print(
                f"[yellow]warning[/yellow]: {escape(_unreadable(thread_id, why))}",
                highlight=False,
                soft_wrap=True,
            )
        return
    if not records and not unreadable:
        out.print("no pending interrupts")
        return
    title = f"{len(records)} pending" + (f", {len(unreadable)} unreadable" if unreadable else "")
    out.print(inbox_table(records, now, title, targets, unreadable))


def _unreadable(thread_id: str, why: str) -> str:
    shown = why if why.startswith(f"thread {thread_id} ") else f"thread {thread_id}: {why}"
    return f"{shown}; its pending interrupts are not listed"


def _graph_filter(text: str | None) -> str | None:
    """`--graph` as a target spec (file made absolute), or None when it is only a graph name."""
    if text is None or ":" not in text:
        return None
    return parse_target(text).spec


@click.command()
@click.argument("thread_id", metavar="THREAD")
@json_option
@db_option
@debug_option
def show(thread_id: str, as_json: bool, db: str | None) -> None:
    """Show a thread: its state, next nodes, pending interrupts, answers and last step.

    Status uses the words of signoff threads: interrupted (a question waits for an answer),
    error (the last step raised), idle (finished, or paused before a node: see next).

    \b
    Example:
      signoff show 3f2c9d0e-... --json
    """
    database = choose_database(db)
    with open_saver(database, create=False) as saver:
        latest = decoded(
            saver, thread_id, lambda: saver.get_tuple({"configurable": {"thread_id": thread_id}})
        )
        if latest is None:
            raise CliError(
                f"unknown thread '{thread_id}' in {database.display}; list threads with signoff threads"
            )
        pending = decoded(
            saver, thread_id, lambda: list(saver.pending_interrupts(thread_id=thread_id))
        )
        answers = decoded(saver, thread_id, lambda: list(saver.answers(thread_id)))
        values, next_nodes, note = _state(saver, thread_id, latest, database)
    metadata = latest.metadata or {}
    errored = any(w[1] == ERROR for w in latest.pending_writes or ())
    # the words `signoff threads` uses (and filters by)
    status = "interrupted" if pending else "error" if errored else "idle"
    now = datetime.now(timezone.utc)
    data = {
        "thread_id": thread_id,
        "target": metadata.get(TARGET_KEY),
        "status": status,
        "values": jsonable(values),
        "next": None if next_nodes is None else list(next_nodes),
        "step": metadata.get("step"),
        "source": metadata.get("source"),
        "checkpoint_id": latest.checkpoint["id"],
        "created_at": latest.checkpoint.get("ts"),
        "interrupts": [interrupt_json(r, now, metadata.get(TARGET_KEY)) for r in pending],
        "answers": [answer_json(a) for a in answers],
    }
    if note:
        _, err = consoles()
        err.print(
            f"[yellow]note[/yellow]: {escape(note)}; showing stored channels",
            highlight=False,
            soft_wrap=True,
        )
    if as_json:
        click.echo(dumps(data))
        return
    _print_show(data, pending, answers, now)


def _state(
    saver: Any, thread_id: str, latest: Any, database: Any
) -> tuple[Any, tuple[str, ...] | None, str | None]:
    """(values, next, note): from the graph when it loads; else the raw channels, next unknown."""
    try:
        _, graph = open_thread(saver, thread_id, None, database)
        snapshot = graph.get_state({"configurable": {"thread_id": thread_id}})
        return snapshot.values, tuple(snapshot.next), None
    except CliError as exc:
        raw = {
            k: v
            for k, v in latest.checkpoint["channel_values"].items()
            if not k.startswith("__") and ":" not in k
        }
        return raw, None, exc.format_message()


def _print_show(
    data: dict[str, Any],
    pending: list[InterruptRecord],
    answers: list[Any],
    now: datetime,
) -> None:
    out, _ = consoles()
    out.print(f"[bold]thread[/bold] {data['thread_id']}", highlight=False)
    nxt = data["next"]
    for label in ("target", "status", "step", "checkpoint_id", "created_at"):
        text = data[label]
        if label == "status" and text == "idle" and nxt is not None:
            text = f"idle ({'paused before ' + ', '.join(nxt) if nxt else 'finished'})"
        out.print(f"  {label}: {text}", highlight=False)
    out.print(f"  next: {', '.join(nxt) if nxt else '(unknown)' if nxt is None else '(none)'}")
    out.print("[bold]values[/bold]")
    print_values(out, data["values"])
    if pending:
        targets = {data["thread_id"]: data["target"]}
        out.print(inbox_table(pending, now, "pending interrupts", targets))
    if answers:
        print_answers(out, answers)


@click.command()
@click.argument("thread_id", metavar="THREAD")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many checkpoints.")
@json_option
@db_option
@debug_option
def history(thread_id: str, limit: int | None, as_json: bool, db: str | None) -> None:
    """List a thread's checkpoints, newest first.

    \b
    Example:
      signoff history 3f2c9d0e-... --limit 5
    """
    database = choose_database(db)
    with open_saver(database, create=False) as saver:
        config = {"configurable": {"thread_id": thread_id, "checkpoint_ns": ""}}
        items = decoded(saver, thread_id, lambda: list(saver.list(config, limit=limit)))
    if not items:
        raise CliError(
            f"unknown thread '{thread_id}' in {database.display}; list threads with signoff threads"
        )
    rows = [_history_json(t) for t in items]
    if as_json:
        click.echo(dumps(rows))
        return
    out, _ = consoles()
    table_rows = [
        [
            str(r["step"]),
            str(r["source"] or ""),
            r["checkpoint_id"],
            table_time(r["created_at"]),
            state_keys(r["updated_channels"]),
            r["metadata"].get("answered_by") or "",
        ]
        for r in rows
    ]
    columns = ["step", "source", "checkpoint", "created", "updated", "answered by"]
    out.print(rows_table(f"thread {thread_id}", columns, table_rows, ids=(2,)))


def _history_json(item: Any) -> dict[str, Any]:
    metadata = dict(item.metadata or {})
    parent = (item.parent_config or {}).get("configurable", {}).get("checkpoint_id")
    return {
        "checkpoint_id": item.checkpoint["id"],
        "parent_checkpoint_id": parent,
        "step": metadata.get("step"),
        "source": metadata.get("source"),
        "created_at": item.checkpoint.get("ts"),
        "updated_channels": item.checkpoint.get("updated_channels"),
        "metadata": jsonable(metadata),
    }


@click.command()
@click.option(
    "--status",
    type=click.Choice(["interrupted", "idle", "error"]),
    help="Only threads in this state.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many threads.")
@json_option
@db_option
@debug_option
def threads(status: str | None, limit: int | None, as_json: bool, db: str | None) -> None:
    """List the threads in the database, most recently updated first.

    Status (the same words signoff show uses): interrupted (a question waits for an answer),
    error (the last step raised), idle (finished, or stopped with nothing to answer).

    \b
    Example:
      signoff threads --status interrupted --limit 20
    """
    database = choose_database(db)
    rows: list[dict[str, Any]] = []
    if database.exists():
        with open_saver(database, create=False) as saver:
            rows = thread_rows(saver, status, limit)
    out, err = consoles()
    for row in rows:
        if row.get("error"):
            err.print(
                f"[yellow]warning[/yellow]: {escape(_unreadable(row['thread_id'], row['error']))}",
                highlight=False,
                soft_wrap=True,
            )
    if as_json:
        click.echo(dumps(rows))
        return
    if not rows:
        out.print("no threads")
        return
    columns = ["thread", "status", "pending", "step", "updated", "target"]
    table_rows = [
        [
            r["thread_id"],
            r["status"],
            "?" if r["pending"] is None else str(r["pending"]),
            str(r["step"]),
            table_time(r["updated_at"]),
            short_target(r["target"]),
        ]
        for r in rows
    ]
    out.print(rows_table(None, columns, table_rows))


@click.command("graph")
@click.argument("target")
@click.option(
    "--format", "fmt", type=click.Choice(["mermaid", "ascii"]), default="mermaid", show_default=True
)
@debug_option
def graph_command(target: str, fmt: str) -> None:
    """Draw the graph TARGET (Mermaid source or ASCII art).

    \b
    Example:
      signoff graph examples/email_approval.py:graph > graph.mmd
    """
    spec = parse_target(target)
    graph = compiled(resolve_graph(spec, load_object(spec)))
    try:
        drawing = graph.get_graph()
        text = drawing.draw_mermaid() if fmt == "mermaid" else drawing.draw_ascii()
    except ImportError as exc:
        raise CliError(f"cannot draw {fmt}: {describe(exc)}; try --format mermaid") from None
    except Exception as exc:
        raise CliError(f"cannot draw {spec.spec}: {describe(exc)}", cause=exc) from exc
    click.echo(text.rstrip("\n"))


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def lint(args: tuple[str, ...]) -> None:
    """Check Python files for unsafe interrupt patterns (signoff lint --help for details).

    \b
    Example:
      signoff lint src/agents/
    """
    try:
        from signoff.lint import main as lint_main
    except ImportError as exc:
        raise CliError(f"the linter is not available ({describe(exc)})") from None
    if "-h" in args or "--help" in args:
        try:
            lint_main(["--help"])
        except SystemExit:
            pass
        click.echo(_LINT_EXAMPLES)
        return
    raise SystemExit(lint_main(list(args)))


_LINT_EXAMPLES = """
Examples:
  signoff lint src/agents/
  signoff lint --format json graph.py | jq '.[].code'
  signoff lint --ignore SO104 .

Exit codes: 0 no findings, 1 findings, 2 bad usage."""


__all__ = ["graph_command", "history", "inbox", "iso", "lint", "show", "threads"]
