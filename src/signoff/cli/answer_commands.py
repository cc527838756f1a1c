"""Commands that answer pending interrupts: `answer` (a person) and `expire` (the deadline).

A thread remembers the target it ran, so these commands load the graph from the thread itself;
the answer is validated and matched to a pending interrupt before anything is resumed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from typing import Any

import click

from signoff.checkpoint.base import InterruptRecord
from signoff.cli.errors import EXIT_GRAPH_FAILED, EXIT_INPUT, CliError, describe
from signoff.cli.options import consoles, db_option, debug_option, json_option
from signoff.cli.questions import (
    Response,
    allowed_responses,
    approval_request,
    decision,
    find_pending,
)
from signoff.cli.run_commands import (
    ANSWER_OTHER_TARGET,
    check_same_target,
    finish,
    open_thread,
)
from signoff.cli.runner import TARGET_KEY, Session, advance, default_user
from signoff.cli.storage import (
    choose_database,
    is_storage_error,
    missing_class,
    not_loaded_message,
    open_saver,
    storage_failure,
)
from signoff.cli.target import parse_target
from signoff.cli.thread_state import Metadata, all_pending, decoded, pending_by_thread
from signoff.cli.values import as_utc, dumps, iso, parse_answer, parse_object
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.types import Command

DEADLINE_USER = "deadline"


@click.command()
@click.argument("thread_id", metavar="THREAD")
@click.option("--interrupt", "interrupt_id", metavar="ID", help="Which interrupt (id or prefix).")
@click.option("--value", metavar="JSON", help="The answer as JSON (a bare word is text).")
@click.option("--accept", is_flag=True, help="Accept an approval request as it is.")
@click.option("--edit", metavar="JSON", help="Accept an approval request with these args.")
@click.option("--respond", metavar="TEXT", help="Reply to an approval request instead.")
@click.option("--reject", metavar="TEXT", help="Same as --respond: decline, saying why.")
@click.option("--ignore", is_flag=True, help="Ignore an approval request.")
@click.option("--by", metavar="NAME", help="Who answers, for the audit trail (default: $USER).")
@click.option("--target", metavar="TARGET", help="Load the graph from here (if its file moved).")
@json_option
@db_option
@debug_option
def answer(
    thread_id: str,
    interrupt_id: str | None,
    value: str | None,
    accept: bool,
    edit: str | None,
    respond: str | None,
    reject: str | None,
    ignore: bool,
    by: str | None,
    target: str | None,
    as_json: bool,
    db: str | None,
) -> None:
    """Answer a pending interrupt of THREAD and run the thread to its next stop.

    \b
    Examples:
      signoff answer 3f2c9d0e-... --value '{"approved": true}'
      signoff answer 3f2c9d0e-... --interrupt 9a1b --accept
      signoff answer 3f2c9d0e-... --edit '{"to": "carol@example.com"}' --by alice
    """
    given = _given_answer(value, accept, edit, respond if respond is not None else reject, ignore)
    override = parse_target(target) if target else None
    database = choose_database(db)
    out, err = consoles()
    with open_saver(database, create=False) as saver:

        def same_target(metadata: Metadata) -> None:
            if override is not None:
                check_same_target(thread_id, metadata, override, ANSWER_OTHER_TARGET)

        def read(fn: Any) -> Any:
            return decoded(saver, thread_id, fn, override=target, check=same_target)

        latest = read(lambda: saver.get_tuple({"configurable": {"thread_id": thread_id}}))
        if latest is None:
            raise CliError(
                f"unknown thread '{thread_id}' in {database.display}; list threads with signoff threads"
            )
        same_target(dict(latest.metadata or {}))
        record = read(lambda: _choose_interrupt(saver, thread_id, interrupt_id))
        resume_value = _answer_for(record, given)
        spec, graph = open_thread(
            saver, thread_id, target, database, "if the file moved, pass --target NEW/PATH.py:attr"
        )
        session = Session(graph, saver, spec, thread_id, database, out, err)
        outcome = advance(
            session,
            Command(resume={record.interrupt_id: resume_value}),
            answered_by=by or default_user(),
        )
        if not as_json:
            out.print(
                f"answered interrupt {record.interrupt_id} of thread {thread_id}", highlight=False
            )
        finish(session, outcome, as_json=as_json)


def _given_answer(
    value: str | None, accept: bool, edit: str | None, respond: str | None, ignore: bool
) -> tuple[str, Any]:
    """(kind, payload) of the one answer option given; parsed before the database is opened."""
    chosen = [
        name
        for name, present in (
            ("value", value is not None),
            ("accept", accept),
            ("edit", edit is not None),
            ("respond", respond is not None),
            ("ignore", ignore),
        )
        if present
    ]
    if len(chosen) != 1:
        raise click.UsageError(
            "give exactly one answer: --value JSON, --accept, --edit JSON, --respond TEXT or --ignore"
        )
    kind = chosen[0]
    if kind == "value":
        assert value is not None
        return kind, parse_answer(value, "--value")
    if kind == "edit":
        assert edit is not None
        return kind, parse_object(edit, "--edit")
    return kind, respond


def _choose_interrupt(saver: Any, thread_id: str, wanted: str | None) -> InterruptRecord:
    pending = list(saver.pending_interrupts(thread_id=thread_id))
    if wanted is not None:
        record = find_pending(pending, wanted)
        if record is not None:
            return record
        raise CliError(_not_pending(saver, thread_id, wanted, pending))
    if len(pending) == 1:
        only: InterruptRecord = pending[0]
        return only
    if not pending:
        raise CliError(_nothing_pending(saver, thread_id))
    ids = ", ".join(r.interrupt_id for r in pending)
    raise CliError(
        f"thread {thread_id} has {len(pending)} pending interrupts; pick one with --interrupt ({ids})"
    )


def _nothing_pending(saver: Any, thread_id: str) -> str:
    latest = saver.get_tuple({"configurable": {"thread_id": thread_id}})
    target = (latest.metadata or {}).get(TARGET_KEY) if latest else None
    hint = (
        f"; if it is paused before a node, continue it with signoff run {target} --thread {thread_id}"
        if isinstance(target, str)
        else ""
    )
    return f"thread {thread_id} has no pending interrupt (see signoff show {thread_id}){hint}"


def _not_pending(saver: Any, thread_id: str, wanted: str, pending: list[InterruptRecord]) -> str:
    for given in saver.answers(thread_id):
        if given.interrupt_id == wanted or (
            len(wanted) >= 4 and given.interrupt_id.startswith(wanted)
        ):
            who = f" by {given.answered_by}" if given.answered_by else ""
            when = f" at {iso(given.answered_at)}" if given.answered_at else ""
            return (
                f"interrupt {given.interrupt_id} of thread {thread_id} was already answered"
                f"{who}{when}; nothing changed"
            )
    ids = ", ".join(r.interrupt_id for r in pending) or "none"
    return f"thread {thread_id} has no pending interrupt '{wanted}' (pending: {ids})"


def _answer_for(record: InterruptRecord, given: tuple[str, Any]) -> Any:
    """The resume value; an approval response the request does not allow is refused here."""
    kind, payload = given
    if kind == "value":
        return payload
    request = approval_request(record.value)
    if request is None:
        raise CliError(
            f"interrupt {record.interrupt_id} is not an approval request; answer it with --value JSON"
        )
    response: Response = kind  # type: ignore[assignment]  # kind is one of the four responses here
    allowed = allowed_responses(request)
    if response not in allowed:
        raise CliError(
            f"interrupt {record.interrupt_id} does not allow {response} "
            f"(allowed: {', '.join(allowed) or 'none'})"
        )
    return decision(response, payload)


# --- expire ---------------------------------------------------------------------------------------


@click.command()
@click.option("--now", metavar="ISO8601", help="Treat this moment as now (default: the clock).")
@json_option
@db_option
@debug_option
def expire(now: str | None, as_json: bool, db: str | None) -> None:
    """Answer every overdue interrupt that has a default with that default (answered by "deadline").

    Each thread is handled on its own: one that cannot be loaded or resumed is reported (one
    error line) and the others still expire.

    \b
    Exit codes:
      0  every due interrupt was expired (or none was due)
      1  a graph raised while resuming (other threads were still expired)
      2  a thread could not be read, loaded or resumed (others were still expired)

    \b
    Example:
      signoff expire --db ./.signoff/signoff.db
    """
    moment = _parse_now(now)
    database = choose_database(db)
    out, err = consoles()
    if not database.exists():
        click.echo("[]" if as_json else "nothing to expire (no database yet)")
        return
    report: list[dict[str, Any]] = []
    failures: set[int] = set()
    with open_saver(database, create=False) as saver:
        due, unreadable = _due(saver, moment)
        for thread_id, why in unreadable.items():
            shown = why if why.startswith(f"thread {thread_id} ") else f"thread {thread_id}: {why}"
            CliError(f"{shown}; the thread was skipped").show()
            report.append(
                {"thread_id": thread_id, "interrupts": [], "status": "error", "error": why}
            )
            failures.add(EXIT_INPUT)
            if not as_json:
                out.print(f"thread {thread_id}: not expired → error", highlight=False)
        for thread_id, records in due.items():
            entry: dict[str, Any] = {
                "thread_id": thread_id,
                "interrupts": [r.interrupt_id for r in records],
            }
            code = _expire_thread(saver, database, thread_id, records, entry, out, err)
            if code is not None:
                failures.add(code)
            report.append(entry)
            if not as_json:
                out.print(
                    f"thread {thread_id}: expired {len(records)} interrupt(s) → {entry['status']}",
                    highlight=False,
                )
    if as_json:
        click.echo(dumps(report))
    elif not report:
        out.print("nothing to expire")
    if failures:
        # a graph that raised outranks a thread that could not be loaded
        raise SystemExit(EXIT_GRAPH_FAILED if EXIT_GRAPH_FAILED in failures else EXIT_INPUT)


def _expire_thread(
    saver: Any,
    database: Any,
    thread_id: str,
    records: list[InterruptRecord],
    entry: dict[str, Any],
    out: Any,
    err: Any,
) -> int | None:
    """Resume one thread with its defaults, filling `entry`; the exit code of a failure, if any.
    Nothing one thread raises (short of Ctrl-C) stops the others."""
    try:
        spec, graph = open_thread(
            saver,
            thread_id,
            None,
            database,
            moved_hint=(
                "the thread was skipped; if the file moved, answer it with "
                f"signoff answer {thread_id} --target NEW/PATH.py:attr"
            ),
        )
        session = Session(graph, saver, spec, thread_id, database, out, err)
        resume = {r.interrupt_id: r.default for r in records}
        outcome = advance(session, Command(resume=resume), answered_by=DEADLINE_USER)
        entry["status"] = outcome.status
        return None
    except CliError as exc:
        if isinstance(exc.__cause__ or exc.cause, InterruptAlreadyAnsweredError):
            entry["status"] = "already answered"
            return None
        failure = exc
    except Exception as exc:
        failure = _unexpected(database, thread_id, exc)
    failure.show()
    entry["status"] = "error"
    entry["error"] = failure.format_message()
    return failure.exit_code


def _unexpected(database: Any, thread_id: str, exc: Exception) -> CliError:
    """A failure outside the graph's run (reading the thread) as one line naming the thread."""
    found = missing_class(exc)
    if found is not None:
        return CliError(not_loaded_message(thread_id, found), cause=exc)
    if is_storage_error(exc):
        return storage_failure(database, exc)
    return CliError(f"thread {thread_id}: {describe(exc)}", cause=exc)


def _due(saver: Any, now: datetime) -> tuple[dict[str, list[InterruptRecord]], dict[str, str]]:
    """(thread id → its overdue interrupts that have a default; thread id → why its interrupts
    cannot be read)."""
    due: defaultdict[str, list[InterruptRecord]] = defaultdict(list)
    records, unreadable = pending_by_thread(saver)
    for record in records:
        if record.deadline is not None and record.has_default and as_utc(record.deadline) <= now:
            due[record.thread_id].append(record)
    return dict(due), unreadable


__all__ = ["all_pending", "answer", "expire"]


def _parse_now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(timezone.utc)
    try:
        return as_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise CliError(
            f"--now '{text}' is not an ISO 8601 time, e.g. 2030-01-31T12:00:00Z"
        ) from None
