"""`ToolCallRequest`: what a `ToolNode(wrap_tool_call=...)` wrapper receives for each tool call.

A wrapper `wrap(request, execute)` runs around one tool call: it may change the request
(`request.override(tool_call=...)`), call `execute(request)` (any number of times, e.g. to retry)
or not at all (e.g. to answer from a cache), and returns the call's result (`ToolMessage` or
`Command`). `awrap_tool_call` is the async version, used by async runs (without it they use
the sync wrapper). Also here: how one call runs (`invoke_tool` for sync runs, its interrupt
scope, its outcome).
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import Any, Literal

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from signoff.errors import GraphBubbleUp, GraphInterrupt
from signoff.prebuilt.injection import ToolRuntime
from signoff.runtime.context import current_task, tool_scope
from signoff.types import Command

Outcome = tuple[Literal["ok", "interrupt", "error"], Any]
"""How one call of a step ended: its result, an interrupt, or an error (raised after the step)."""


@dataclass
class ToolCallRequest:
    """One tool call on its way to its tool."""

    tool_call: dict[str, Any]
    """The call from the model: name, args, id."""
    tool: BaseTool | None
    """The tool to run, or None when the node has no tool of that name."""
    state: Any
    runtime: ToolRuntime[Any, Any]

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__:  # set before: a change after construction
            warnings.warn(
                f"Setting attribute '{name}' on ToolCallRequest is deprecated. Use the "
                "override() method instead to create a new instance with modified values.",
                DeprecationWarning,
                stacklevel=2,
            )
        object.__setattr__(self, name, value)

    def override(self, **overrides: Any) -> ToolCallRequest:
        """A new request with `overrides` (tool_call, tool, state; a new state is also the one
        the tool's `InjectedState` and `ToolRuntime` get)."""
        request = replace(self, **overrides)
        if "state" in overrides and isinstance(request.runtime, ToolRuntime):
            request = replace(request, runtime=replace(request.runtime, state=request.state))
        return request


ToolCallResult = ToolMessage | Command[Any]
ToolCallWrapper = Callable[
    [ToolCallRequest, Callable[[ToolCallRequest], ToolCallResult]], ToolCallResult
]
AsyncToolCallWrapper = Callable[
    [ToolCallRequest, Callable[[ToolCallRequest], Awaitable[ToolCallResult]]],
    Awaitable[ToolCallResult],
]


def invoke_tool(tool: BaseTool, args: dict[str, Any], config: dict[str, Any]) -> Any:
    """`tool.invoke`, also for tools that only have an async implementation."""
    if getattr(tool, "func", True) is None and getattr(tool, "coroutine", None) is not None:
        return _run_coroutine(tool.ainvoke(args, config))  # type: ignore[arg-type]
    return tool.invoke(args, config)  # type: ignore[arg-type]


def _run_coroutine(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run `coro` to completion from sync code, on a helper thread if a loop runs here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}
    ctx = contextvars.copy_context()

    def target() -> None:
        try:
            box["value"] = ctx.run(asyncio.run, coro)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, name="signoff-async-tool")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def call_scope(call: dict[str, Any]) -> AbstractContextManager[Any]:
    """The tool call's own interrupt scope inside the running task (none outside a graph)."""
    if current_task() is None:
        return nullcontext()
    return tool_scope(str(call.get("id") or call["name"]))


def failed(exc: BaseException) -> Outcome:
    """The outcome of a call that raised: an interrupt, or an error (other signals go on)."""
    if isinstance(exc, GraphInterrupt):
        return "interrupt", exc
    if not isinstance(exc, Exception) and not _is_signal(exc):
        raise exc
    return "error", exc


def _is_signal(exc: BaseException) -> bool:
    """Signals other than interrupts (e.g. `ParentCommand`) that the node passes on."""
    return isinstance(exc, GraphBubbleUp)


__all__ = [
    "AsyncToolCallWrapper",
    "Outcome",
    "ToolCallRequest",
    "ToolCallWrapper",
    "call_scope",
    "failed",
    "invoke_tool",
]
