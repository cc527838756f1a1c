"""Node timeouts: run one attempt of an async node under its `TimeoutPolicy`.

A `run_timeout` caps the attempt's wall-clock time; an `idle_timeout` caps the time between two
signs of progress (a stream write, or a heartbeat). When a limit passes, the attempt is cancelled
and `NodeTimeoutError` raised, which the node's retry policy may retry like any failure.

Only async code can be cancelled, so timeouts are for async nodes: `compile()` refuses a sync node
with a timeout, and a sync run (`invoke`) of a node with one fails, as in LangGraph. A sync node
reached with a timeout anyway (a `Send(..., timeout=...)` in an async run) runs on a worker
thread that is abandoned, not stopped, when the limit passes.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TypeVar

from signoff.errors import NodeTimeoutError
from signoff.types import TimeoutPolicy

if TYPE_CHECKING:
    from signoff.runtime.context import TaskContext
    from signoff.runtime.plan import Task

T = TypeVar("T")

_SYNC_TIMEOUT = (
    "Node timeouts are only supported for async nodes because sync Python execution cannot be "
    "safely cancelled in-process."
)


def sync_timeout_unsupported(name: str, kind: str = "Node") -> str:
    """The message for a timeout on a node that cannot be cancelled (LangGraph's wording)."""
    return f"{_SYNC_TIMEOUT} {kind} {name!r} is sync."


class IdleClock:
    """When the attempt last made progress, and whether it is over (late writes are dropped)."""

    __slots__ = ("auto", "closed", "last")

    def __init__(self, policy: TimeoutPolicy) -> None:
        self.auto = policy.refresh_on == "auto"
        self.last = time.monotonic()
        self.closed = False

    def heartbeat(self) -> None:
        """Explicit progress: always refreshes the idle limit."""
        self.last = time.monotonic()

    def progress(self) -> None:
        """Implicit progress (a stream write): refreshes it unless only heartbeats count."""
        if self.auto:
            self.last = time.monotonic()

    def guard(self, write: Callable[[Any], None]) -> Callable[[Any], None]:
        """`write`, counting as progress, and dropped once the attempt timed out."""

        def guarded(chunk: Any) -> None:
            if self.closed:
                return
            self.progress()
            write(chunk)

        return guarded


def task_timeout(task: Task) -> TimeoutPolicy | None:
    """The timeout of one attempt of `task`: its `Send`'s own, else its node's."""
    send = task.send
    if send is not None and send.timeout is not None:
        return send.timeout
    return task.node.timeout


async def timed_attempt(
    task: Task,
    ctx: TaskContext,
    policy: TimeoutPolicy,
    writer: Callable[[Any], None],
    kwargs: dict[str, Any],
) -> Any:
    """One attempt of `task` under `policy`; its stream writes (through `writer`, the task's
    own) count as progress and stop when it times out."""
    clock = IdleClock(policy)
    ctx.runtime.stream_writer = clock.guard(writer)
    ctx.runtime.heartbeat = clock.heartbeat
    fn = task.node.fn
    is_async = task.node.is_async

    async def attempt() -> Any:
        if is_async:
            result = fn(task.input, **kwargs)
        else:
            result = await asyncio.to_thread(fn, task.input, **kwargs)
        if inspect.isawaitable(result):
            result = await result
        return result

    return await run_with_timeout(attempt, policy, task.name, clock)


async def run_with_timeout(
    start: Callable[[], Awaitable[T]], policy: TimeoutPolicy, node: str, clock: IdleClock
) -> T:
    """Await `start()` as a task; cancel it and raise `NodeTimeoutError` when a limit passes.

    A `TimeoutError` the node raises itself propagates unchanged: only the limits here become
    `NodeTimeoutError`.
    """
    run_limit = _float(policy.run_timeout)
    idle_limit = _float(policy.idle_timeout)
    began = time.monotonic()
    clock.last = began
    attempt: asyncio.Future[T] = asyncio.ensure_future(start())
    try:
        while True:
            now = time.monotonic()
            deadlines = []
            if run_limit is not None:
                deadlines.append(began + run_limit)
            if idle_limit is not None:
                deadlines.append(clock.last + idle_limit)
            wait = max(0.0, min(deadlines) - now)
            done, _ = await asyncio.wait({attempt}, timeout=wait)
            if done:
                return attempt.result()
            now = time.monotonic()
            kind = None
            if run_limit is not None and now >= began + run_limit:
                kind = "run"
            elif idle_limit is not None and now >= clock.last + idle_limit:
                kind = "idle"
            if kind is not None:
                clock.closed = True
                attempt.cancel()
                attempt.add_done_callback(_retrieve)
                raise NodeTimeoutError(
                    node,
                    now - began,
                    kind="run" if kind == "run" else "idle",
                    idle_timeout=idle_limit,
                    run_timeout=run_limit,
                )
    except asyncio.CancelledError:
        clock.closed = True
        attempt.cancel()
        attempt.add_done_callback(_retrieve)
        raise


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark an abandoned attempt's outcome as seen, so asyncio does not log it."""
    with suppress(asyncio.CancelledError, Exception):
        future.exception()
