"""Commands that run graphs: `run`, `answer`, `expire`.

Everything that can be checked before touching the database (the input JSON, the answer, the
target) is checked first, so a failed command leaves the database as it was.
"""

from __future__ import annotations

import shlex
import sys
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.prompt import Confirm

from signoff.cli.errors import EXIT_INTERRUPTED, CliError
from signoff.cli.options import consoles, db_option, debug_option, json_option
from signoff.cli.prompts import ask_answer
from signoff.cli.render import interrupt_json, print_pending, print_question, print_values
from signoff.cli.runner import (
    TARGET_KEY,
    InvalidAnswer,
    Outcome,
    Session,
    advance,
    default_user,
    where_stopped,
)
from signoff.cli.storage import Database, choose_database, open_saver
from signoff.cli.target import TargetSpec, bind, load_target, parse_target, resolve_graph
from signoff.cli.thread_state import Metadata, decoded, stored_target
from signoff.cli.values import dumps, parse_object, read_json_file, require_object
from signoff.types import Command


@click.command()
@click.argument("target")
@click.option("--thread", "thread_id", metavar="ID", help="Thread to run (default: a new one).")
@click.option("--input", "input_json", metavar="JSON", help="Input of the graph, a JSON object.")
@click.option("--input-file", metavar="PATH", help="Read the input from a JSON file.")
@click.option("--no-input", is_flag=True, help="Never prompt: leave interrupts pending.")
@click.option(
    "--stream",
    type=click.Choice(["updates", "values", "custom"]),
    help="Also print each step's updates, the state after each step, or custom events.",
)
@click.option("--by", metavar="NAME", help="Who answers prompts (default: $USER).")
@json_option
@db_option
@debug_option
def run(
    target: str,
    thread_id: str | None,
    input_json: str | None,
    input_file: str | None,
    no_input: bool,
    stream: str | None,
    by: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Run the graph TARGET (path/to/file.py:attr or package.module:attr) on a thread.

    attr is a compiled graph, a StateGraph builder, or a function returning either. On an
    interrupt, asks in the terminal and continues; with --no-input (or without a terminal)
    leaves it pending, prints how to answer it, and exits 0. Without --input, a new thread starts
    from {} and an existing thread continues where it stopped.

    \b
    Examples:
      signoff run examples/email_approval.py:graph \\
          --input '{"to": "alice@example.com", "topic": "meeting"}'
      signoff run myapp.flows:graph --thread ticket-42 --no-input --input-file input.json
    """
    if input_json is not None and input_file is not None:
        raise click.UsageError("pass either --input or --input-file, not both")
    graph_input: Any = None
    if input_json is not None:
        graph_input = parse_object(input_json, "--input")
    elif input_file is not None:
        what = f"--input-file '{input_file}'"
        graph_input = require_object(read_json_file(input_file, "--input-file"), what)
    database = choose_database(db)
    spec, obj = load_target(parse_target(target))
    graph_like = resolve_graph(spec, obj)
    out, err = consoles()
    with open_saver(database, create=True) as saver:
        thread = thread_id or str(uuid.uuid4())

        def same_target(metadata: Metadata) -> None:
            check_same_target(thread, metadata, spec, RUN_OTHER_TARGET)

        latest = decoded(
            saver,
            thread,
            lambda: saver.get_tuple({"configurable": {"thread_id": thread}}),
            override=spec.spec,
            check=same_target,
        )
        if latest is not None:
            same_target(dict(latest.metadata or {}))
        session = Session(bind(graph_like, saver), saver, spec, thread, database, out, err, stream)
        if not as_json:
            out.print(f"thread: {thread}", highlight=False)
        interactive = not no_input and stdin_is_terminal()
        outcome = _start(session, graph_input, latest is None)
        stopped_by = None
        if interactive:
            # questions and prompts go to the terminal (stderr): stdout may be a file
            outcome, stopped_by = _converse(session, outcome, err, by or default_user())
        finish(session, outcome, as_json=as_json)
        if stopped_by == "interrupt":
            err.print(
                "interrupted (Ctrl-C) at the prompt: nothing was answered, the thread still "
                "waits where it stopped (see above)",
                highlight=False,
                soft_wrap=True,
            )
            raise SystemExit(EXIT_INTERRUPTED)


def _start(session: Session, graph_input: Any, new_thread: bool) -> Outcome:
    """Run from the input; without one, start a new thread from {} or continue an old one
    (a thread already waiting for answers is reported as it is, without re-running anything)."""
    if graph_input is not None:
        return advance(session, graph_input)
    if new_thread:
        return advance(session, {})
    outcome = where_stopped(session)
    return outcome if outcome.status == "interrupted" else advance(session, None)


def stdin_is_terminal() -> bool:
    """Whether a person can answer prompts (stdin may be missing altogether, e.g. `<&-`)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


RUN_OTHER_TARGET = "continue it with that target, or start a new thread (leave out --thread)"
ANSWER_OTHER_TARGET = (
    "answer it without --target (--target is only for a thread whose file moved); "
    "nothing was changed"
)


def check_same_target(thread_id: str, metadata: Metadata, spec: TargetSpec, todo: str) -> None:
    """Refuse to run a thread with another graph than the one it ran, unless that one is gone
    (its file moved: then the new path is where it lives now)."""
    stored = metadata.get(TARGET_KEY)
    if not isinstance(stored, str) or stored == spec.spec:
        return
    old = parse_target(stored)
    if old.is_file and not Path(old.location).is_file():
        return
    raise CliError(f"thread {thread_id} ran {stored}, not {spec.spec}; {todo}")


def _converse(
    session: Session, outcome: Outcome, ui: Console, by: str
) -> tuple[Outcome, str | None]:
    """Ask and resume until the graph finishes or the person stops answering: (where the thread
    stopped, None | "eof" (Ctrl-D) | "interrupt" (Ctrl-C) | "declined").

    Only the prompts are guarded: Ctrl-C while the graph runs stops the command as anywhere else.
    """
    while outcome.status != "done":
        try:
            if outcome.status == "paused":
                nodes = ", ".join(outcome.next)
                if not Confirm.ask(f"paused before {nodes}; continue?", console=ui, default=True):
                    return outcome, "declined"
                resume: Any = None
                by_whom = None
            else:
                answers: dict[str, Any] = {}
                for record in outcome.pending:
                    print_question(ui, record)
                    answers[record.interrupt_id] = ask_answer(ui, record)
                resume, by_whom = Command(resume=answers), by
        except EOFError:
            ui.print()
            ui.print("[dim]end of input: nothing was answered[/dim]", highlight=False)
            return outcome, "eof"
        except KeyboardInterrupt:
            ui.print()
            return outcome, "interrupt"
        try:
            outcome = advance(session, resume, answered_by=by_whom)
        except InvalidAnswer as exc:
            ui.print(f"[red]{exc.format_message()}[/red]")
    return outcome, None


def finish(session: Session, outcome: Outcome, *, as_json: bool) -> None:
    """Print where the thread stopped: the final state, the open questions, or the breakpoint."""
    out = session.out
    if as_json:
        now = _now()
        items = [interrupt_json(r, now, session.target.spec) for r in outcome.pending]
        click.echo(dumps(outcome.as_json(items)))
        return
    if outcome.status == "interrupted":
        print_pending(out, session.thread_id, outcome.pending, session.db)
    elif outcome.status == "paused":
        nodes = ", ".join(outcome.next)
        out.print(f"[bold yellow]paused[/bold yellow] before {nodes}; continue with:")
        out.print(f"  {_continue_command(session)}", highlight=False, soft_wrap=True)
    else:
        out.print(f"[bold green]done[/bold green]: thread {session.thread_id}", highlight=False)
        print_values(out, outcome.values)


def _continue_command(session: Session) -> str:
    parts = ["signoff", "run", session.target.spec, "--thread", session.thread_id]
    if session.db.needs_hint:
        parts += ["--db", session.db.for_hints]
    return " ".join(shlex.quote(p) for p in parts)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def open_thread(
    saver: Any,
    thread_id: str,
    override: str | None,
    database: Database,
    moved_hint: str | None = None,
) -> tuple[TargetSpec, Any]:
    """Load the thread's graph, bound to `saver`; a target that no longer loads says what to do
    (`moved_hint`: what the calling command offers when the file moved; by default, answering
    with `signoff answer --target`, the one command that has that option)."""
    if moved_hint is None:
        moved_hint = f"if the file moved, answer it with signoff answer {thread_id} --target NEW/PATH.py:attr"
    spec = stored_target(saver, thread_id, override)
    try:
        spec, obj = load_target(spec)
        return spec, bind(resolve_graph(spec, obj), saver)
    except CliError as exc:
        if override:
            raise
        raise CliError(
            f"thread {thread_id} ran {spec.spec}, which no longer loads ({exc.format_message()}); "
            f"{moved_hint}",
            cause=exc.cause,
        ) from exc
