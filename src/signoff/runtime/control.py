"""`RunControl`: ask a running graph to stop at the next superstep boundary (a drain).

A drain is cooperative: the step that is running finishes, its checkpoint is saved, and before the
next step starts the run raises `GraphDrained`. The thread then resumes with `invoke(None,
config)`, as after a crash, with nothing done twice. Typical use is a SIGTERM handler:

    control = RunControl()
    signal.signal(signal.SIGTERM, lambda *_: control.request_drain("sigterm"))
    graph.invoke(inputs, config, control=control)

Pass it to `invoke`/`stream` (and their async twins) as `control=`, as in LangGraph. Graphs run
inside a node of a drained graph (subgraphs) drain with it.
"""

from __future__ import annotations

from contextvars import ContextVar, Token


class RunControl:
    """A drain request for one run. Safe to call from any thread or signal handler: the request
    is one attribute write. Once drained it stays drained; use a fresh one per run."""

    __slots__ = ("_reason",)

    def __init__(self) -> None:
        self._reason: str | None = None

    def request_drain(self, reason: str = "shutdown") -> None:
        """Stop the run before its next superstep; it raises `GraphDrained(reason)`."""
        self._reason = reason

    @property
    def drain_requested(self) -> bool:
        return self._reason is not None

    @property
    def drain_reason(self) -> str | None:
        return self._reason

    def __repr__(self) -> str:
        return f"RunControl(drain_reason={self._reason!r})"


_CONTROL: ContextVar[RunControl | None] = ContextVar("signoff_run_control", default=None)


def current_control() -> RunControl | None:
    """The control of the run whose task is executing here (graphs invoked in it inherit it)."""
    return _CONTROL.get()


def set_control(control: RunControl) -> Token[RunControl | None]:
    return _CONTROL.set(control)


def reset_control(token: Token[RunControl | None]) -> None:
    _CONTROL.reset(token)


__all__ = ["RunControl", "current_control"]
