"""What a `@task` call returns: a future the caller waits on with `.result()` (sync code) or
`await` (async code), as LangGraph's task futures."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

from signoff.channels import MISSING
from signoff.errors import GraphInterrupt
from signoff.runtime.context import current_task

T = TypeVar("T")


class TaskFuture(Generic[T]):
    """The outcome of a `@task` call: `.result()` in sync code, `await` in async code."""

    __slots__ = ("_error", "_pending", "_value")

    def __init__(self) -> None:
        self._value: Any = MISSING
        self._error: BaseException | None = None
        # not yet run (made into a coroutine when awaited, so a call never awaited leaves no
        # "never awaited" warning), or already running on the run's loop
        self._pending: Callable[[], Awaitable[Any]] | concurrent.futures.Future[Any] | None = None

    def done(self) -> bool:
        pending = self._pending
        return pending is None or (
            isinstance(pending, concurrent.futures.Future) and pending.done()
        )

    def result(self, timeout: float | None = None) -> T:
        pending = self._pending
        if isinstance(pending, concurrent.futures.Future):  # running on the run's event loop
            self._pending = None
            try:
                self._value = pending.result(timeout)
            except BaseException as exc:
                self._error = exc
        elif pending is not None:
            # LangGraph's type: there, too, the call is a future not done yet; it can still be
            # awaited afterwards
            raise asyncio.InvalidStateError(
                "Result is not set: a @task called from async code runs when awaited; "
                "await it instead of calling .result()"
            )
        if self._error is not None:
            if isinstance(self._error, GraphInterrupt):
                # the caller now holds the pause: returning normally after it would swallow it
                caller = current_task()
                if caller is not None:
                    caller.observed.extend(self._error.interrupts)
            raise self._error
        return self._value  # type: ignore[no-any-return]  # set by the task call

    def __await__(self) -> Generator[Any, None, T]:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            running = (
                asyncio.wrap_future(pending)
                if isinstance(pending, concurrent.futures.Future)
                else pending()
            )
            try:
                self._value = yield from running.__await__()
            except BaseException as exc:
                self._error = exc
        return self.result()


def in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
