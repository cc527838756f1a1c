"""Running a graph from the command line: stream one leg, show progress, report where it stopped.

`run`, `answer` and `expire` all go through `advance`: feed the graph an input or a resume command,
stream it to its next stop (done, waiting for answers, or paused before a node), and translate the
graph's failures into exit codes (an invalid or late answer is the user's input error: 2; anything
else the graph raised: 1).
"""

from __future__ import annotations

import getpass
import os
import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Literal

from rich.console import Console
from rich.markup import escape

from signoff.checkpoint.base import InterruptRecord
from signoff.cli.errors import CliError, GraphFailed, describe
from signoff.cli.questions import record_from_interrupt
from signoff.cli.storage import Database, is_storage_error, storage_failure
from signoff.cli.target import TargetSpec
from signoff.cli.values import dumps, jsonable
from signoff.errors import (
    EmptyInputError,
    InterruptAlreadyAnsweredError,
    InvalidAnswerError,
    UnknownInterruptError,
    is_invalid_resume,
)

Status = Literal["done", "interrupted", "paused"]
TARGET_KEY = "signoff_target"
"""Checkpoint metadata key holding the thread's TARGET (absolute file path or module name)."""
TARGET_ROOT_KEY = "signoff_target_root"
"""Checkpoint metadata key holding the directory a module TARGET was imported from, if local."""


class InvalidAnswer(CliError):
    """The graph rejected an answer before running anything; the interrupt is still pending."""


@dataclass
class Outcome:
    """Where a thread stopped after one leg of a run."""

    thread_id: str
    status: Status
    values: Any
    next: tuple[str, ...]
    pending: list[InterruptRecord]
    step: int | None = None

    def as_json(self, interrupts: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "thread_id": self.thread_id,
            "status": self.status,
            "values": jsonable(self.values),
            "next": list(self.next),
            "step": self.step,
            "interrupts": interrupts,
        }


@dataclass
class Session:
    """One command's graph, thread and consoles (stdout for results, stderr for progress)."""

    graph: Any
    saver: Any
    target: TargetSpec
    thread_id: str
    db: Database
    out: Console
    err: Console
    stream: str | None = None
    seen_nodes: list[str] = field(default_factory=list)

    def config(self, answered_by: str | None = None) -> dict[str, Any]:
        metadata: dict[str, Any] = {TARGET_KEY: self.target.spec}
        if self.target.root is not None:
            metadata[TARGET_ROOT_KEY] = self.target.root
        if answered_by is not None:
            metadata["answered_by"] = answered_by
        return {"configurable": {"thread_id": self.thread_id}, "metadata": metadata}


def default_user() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:
        return "unknown"


def advance(session: Session, graph_input: Any, *, answered_by: str | None = None) -> Outcome:
    """Stream the graph from `graph_input` to its next stop and read the thread's state there."""
    config = session.config(answered_by)
    modes = ["updates"] if session.stream in (None, "updates") else ["updates", session.stream]
    try:
        with _spinner(session.err) as status:
            for mode, chunk in session.graph.stream(graph_input, config, stream_mode=modes):
                _report(session, mode, chunk, status)
    except (CliError, KeyboardInterrupt):
        raise
    except Exception as exc:
        raise _translate(session, exc) from exc
    return where_stopped(session)


def where_stopped(session: Session) -> Outcome:
    config = {"configurable": {"thread_id": session.thread_id}}
    snapshot = session.graph.get_state(config)
    pending = list(session.saver.pending_interrupts(thread_id=session.thread_id))
    if not pending and snapshot.interrupts:
        nodes = {i.id: t.name for t in snapshot.tasks for i in t.interrupts}
        pending = [
            record_from_interrupt(session.thread_id, i, nodes.get(i.id, ""))
            for i in snapshot.interrupts
        ]
    status: Status = "interrupted" if pending else ("paused" if snapshot.next else "done")
    step = (snapshot.metadata or {}).get("step")
    return Outcome(session.thread_id, status, snapshot.values, tuple(snapshot.next), pending, step)


def _translate(session: Session, exc: Exception) -> CliError:
    thread = session.thread_id
    if isinstance(exc, InvalidAnswerError) or is_invalid_resume(exc):
        return InvalidAnswer(
            f"invalid answer{_for(exc)}: {_validation_text(exc)}; nothing was stored, "
            "the interrupt is still pending",
            cause=exc,
        )
    if isinstance(exc, InterruptAlreadyAnsweredError):
        return CliError(
            f"interrupt {exc.interrupt_id or ''} of thread {thread} was already answered "
            f"(see signoff show {thread}); your answer was not stored",
            cause=exc,
        )
    if isinstance(exc, UnknownInterruptError):
        return CliError(f"thread {thread}: {exc}", cause=exc)
    if isinstance(exc, EmptyInputError):
        return CliError(f"thread {thread}: the graph got no input; pass --input JSON", cause=exc)
    if _raised_by_saver(exc):
        return storage_failure(session.db, exc)
    return GraphFailed(
        f"the graph raised {describe(exc)} (thread {thread}; see signoff show {thread})",
        cause=exc,
    )


_CHECKPOINT_PACKAGE = f"{os.sep}signoff{os.sep}checkpoint{os.sep}"


def _raised_by_saver(exc: Exception) -> bool:
    """A database error raised inside signoff's savers (not by the user's own code)."""
    if not is_storage_error(exc):
        return False
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and _CHECKPOINT_PACKAGE in frames[-1].filename


def _for(exc: Exception) -> str:
    iid = getattr(exc, "interrupt_id", "")
    return f" to interrupt {iid}" if iid else ""


_ENGINE_WORDING = re.compile(
    r"is invalid at '(?P<path>[^']*)': (?P<reason>.*?)(; nothing was stored.*)?$"
)


def _validation_text(exc: Exception) -> str:
    """`field.path: what is wrong`, from pydantic's errors or from signoff's `InvalidAnswerError`."""
    errors = getattr(exc, "errors", None)
    if callable(errors) and not isinstance(exc, InvalidAnswerError):
        try:
            first = errors()[0]
            loc = ".".join(str(p) for p in first.get("loc", ()))
            more = len(errors()) - 1
            return _at(loc, str(first.get("msg"))) + (f" (and {more} more)" if more else "")
        except Exception:
            pass
    text = " ".join(str(exc).split())
    found = _ENGINE_WORDING.search(text)
    if found:
        return _at(found["path"], found["reason"])
    path = getattr(exc, "path", "")
    return _at(path, text) if path and path not in text else text


def _at(path: str, reason: str) -> str:
    return reason if path in ("", "(answer)", "(value)") else f"at {path}: {reason}"


@contextmanager
def _spinner(console: Console) -> Iterator[Any]:
    """A spinner on stderr while the graph runs, only when stderr is a real terminal."""
    if console.is_terminal and not console.is_dumb_terminal:
        with console.status("running…") as status:
            yield status
    else:
        with nullcontext(None) as nothing:
            yield nothing


def _report(session: Session, mode: str, chunk: Any, status: Any) -> None:
    err = session.err
    if mode == "updates" and isinstance(chunk, dict):
        # `__interrupt__` and `__metadata__` ({"cached": True} for a node whose writes were
        # restored instead of run again) are the runtime's own keys, not nodes
        meta = chunk.get("__metadata__")
        cached = isinstance(meta, dict) and bool(meta.get("cached"))
        for node, update in chunk.items():
            if node.startswith("__") and node.endswith("__"):
                continue
            session.seen_nodes.append(node)
            note = " [dim](saved result reused)[/dim]" if cached else ""
            err.print(f"[green]✓[/green] {escape(node)}{note}", highlight=False)
            if session.stream == "updates":
                err.print_json(dumps(update), indent=2)
            if status is not None:
                status.update(f"running… (last step: {escape(node)})")
    elif mode == "values":
        err.print_json(dumps(_without_interrupts(chunk)), indent=2)
    elif mode == "custom":
        err.print(f"[magenta]•[/magenta] {escape(dumps(chunk, indent=None))}", highlight=False)


def _without_interrupts(values: Any) -> Any:
    if isinstance(values, dict):
        return {k: v for k, v in values.items() if k != "__interrupt__"}
    return values
