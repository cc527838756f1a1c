"""`ToolNode`: run the tool calls of the last AI message, in parallel, and return their results.

Fixed here, unlike LangGraph 1.2.22: when several tool calls of one step call `interrupt()`, every
question surfaces (one `GraphInterrupt` carrying them all, in tool-call order), each with its own
id, and each answer goes back to the call that asked it. Each call runs in its own interrupt scope
(`signoff.runtime.context.tool_scope`, keyed by the tool call id). As in LangGraph, the whole node
runs again on resume, so calls that had finished run again too: keep tools idempotent.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from copy import copy
from typing import Any, Literal

from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.messages.tool import ToolOutputMixin
from langchain_core.tools import BaseTool
from langchain_core.tools import tool as as_tool

from signoff.errors import GraphInterrupt, is_invalid_resume
from signoff.prebuilt import tool_results
from signoff.prebuilt.injection import Injections, ToolRuntime, find_injections, injected_args
from signoff.prebuilt.tool_call_request import (
    AsyncToolCallWrapper,
    Outcome,
    ToolCallRequest,
    ToolCallWrapper,
    call_scope,
    failed,
    invoke_tool,
)
from signoff.prebuilt.tool_errors import (
    INVALID_TOOL_NAME_ERROR_TEMPLATE,
    ErrorHandling,
    ToolInvocationError,
    default_handle_tool_errors,
    error_content,
    handles,
    model_errors,
)
from signoff.runtime.context import current_task
from signoff.types import Command

InputType = Literal["list", "dict", "tool_calls"]


def _let_tools_return_commands() -> None:
    """langchain_core hands a tool's return value back untouched only if it is a
    `ToolOutputMixin` (else it stringifies it into a ToolMessage). LangGraph's `Command` is one;
    `signoff.types` must not import langchain_core, so the base is added here, once."""
    if not issubclass(Command, ToolOutputMixin):
        Command.__bases__ = (*Command.__bases__, ToolOutputMixin)


_let_tools_return_commands()


class ToolNode:
    """A graph node that runs tool calls: `builder.add_node("tools", ToolNode([search, ...]))`.

    Input: the state (a dict or object with `messages_key`), a list of messages, a list of tool
    calls, or a `Send` payload `{"__type": "tool_call_with_context", "tool_call": ..., "state":
    ...}`. Output: `{messages_key: [ToolMessage, ...]}` (a list of messages for list input) in
    tool-call order; tools returning `Command` give a list of updates and commands.
    `wrap_tool_call` / `awrap_tool_call` run around each call (see `tool_call_request`).
    """

    def __init__(
        self,
        tools: Sequence[BaseTool | Callable[..., Any]],
        *,
        name: str = "tools",
        tags: list[str] | None = None,
        handle_tool_errors: ErrorHandling = default_handle_tool_errors,
        messages_key: str = "messages",
        wrap_tool_call: ToolCallWrapper | None = None,
        awrap_tool_call: AsyncToolCallWrapper | None = None,
    ) -> None:
        self.name = name
        self._wrap_tool_call = wrap_tool_call
        self._awrap_tool_call = awrap_tool_call
        self.tags = tags
        self._handle_tool_errors = handle_tool_errors
        self._messages_key = messages_key
        self._tools_by_name: dict[str, BaseTool] = {}
        self._injections: dict[str, Injections] = {}
        for t in tools:
            made = t if isinstance(t, BaseTool) else as_tool(t)
            self._tools_by_name[made.name] = made
            self._injections[made.name] = find_injections(made)

    @property
    def tools_by_name(self) -> dict[str, BaseTool]:
        return self._tools_by_name

    def __repr__(self) -> str:
        return f"ToolNode(tools={list(self._tools_by_name)}, name={self.name!r})"

    # --- entry points ---

    def invoke(self, input: Any, config: dict[str, Any] | None = None) -> Any:
        """Run the tool calls in `input` (threads when there are several)."""
        calls, input_type, runtimes = self._prepare(input, config)
        outcomes = self._run_all(calls, input_type, runtimes, config or {})
        return self._finish(outcomes, input_type)

    async def ainvoke(self, input: Any, config: dict[str, Any] | None = None) -> Any:
        """Run the tool calls in `input` concurrently on the running event loop."""
        calls, input_type, runtimes = self._prepare(input, config)
        outcomes = await asyncio.gather(
            *(self._arun_one(c, input_type, r) for c, r in zip(calls, runtimes, strict=True))
        )
        return self._finish(list(outcomes), input_type)

    def __call__(self, input: Any, config: dict[str, Any] | None = None) -> Any:
        """The graph's entry point: `invoke`, with a mixed list of updates and commands given as
        commands only."""
        return _as_commands(self.invoke(input, config))

    async def __acall__(self, input: Any, config: dict[str, Any] | None = None) -> Any:
        """The async driver's entry point (see `__call__`)."""
        return _as_commands(await self.ainvoke(input, config))

    # --- input ---

    def _prepare(
        self, input: Any, config: dict[str, Any] | None
    ) -> tuple[list[dict[str, Any]], InputType, list[ToolRuntime[Any, Any]]]:
        calls, input_type = self._parse_input(input)
        state = self._state(input)
        ctx = current_task()
        runtime = ctx.runtime if ctx is not None else None
        tools = list(self._tools_by_name.values())
        runtimes: list[ToolRuntime[Any, Any]] = [
            ToolRuntime(
                state=state,
                context=runtime.context if runtime is not None else None,
                config=config or {},
                stream_writer=runtime.stream_writer if runtime is not None else _no_writer,
                tool_call_id=call.get("id"),
                store=runtime.store if runtime is not None else None,
                tools=tools,
            )
            for call in calls
        ]
        return calls, input_type, runtimes

    def _parse_input(self, input: Any) -> tuple[list[dict[str, Any]], InputType]:
        if isinstance(input, list) and input and _is_tool_call(input[-1]):
            return list(input), "tool_calls"
        if isinstance(input, dict) and input.get("__type") == "tool_call_with_context":
            return [input["tool_call"]], "tool_calls"
        input_type: InputType = "dict"
        if isinstance(input, list):
            messages, input_type = input, "list"
        elif isinstance(input, dict):
            messages = input.get(self._messages_key, [])
        else:
            messages = getattr(input, self._messages_key, [])
        if not messages:
            raise ValueError("No message found in input")
        for m in reversed(messages):
            if isinstance(m, AIMessage):
                return [dict(c) for c in m.tool_calls], input_type
        raise ValueError("No AIMessage found in input")

    def _state(self, input: Any) -> Any:
        """The state `InjectedState` and `ToolRuntime.state` receive."""
        if isinstance(input, dict) and input.get("__type") == "tool_call_with_context":
            return input["state"]
        if isinstance(input, list) and input and _is_tool_call(input[-1]):
            ctx = current_task()
            read = getattr(ctx, "read_state", None)
            return read() if callable(read) else {}
        return input

    # --- running ---

    def _run_all(
        self,
        calls: list[dict[str, Any]],
        input_type: InputType,
        runtimes: list[ToolRuntime[Any, Any]],
        config: dict[str, Any],
    ) -> list[Outcome]:
        if len(calls) <= 1:  # in the caller's context: `_run_one` undoes what it sets there
            return [self._run_one(c, input_type, r) for c, r in zip(calls, runtimes, strict=True)]
        jobs = [(contextvars.copy_context(), c, r) for c, r in zip(calls, runtimes, strict=True)]
        workers = min(len(jobs), config.get("max_concurrency") or len(jobs))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="signoff-tool") as pool:
            futures = [pool.submit(ctx.run, self._run_one, c, input_type, r) for ctx, c, r in jobs]
            return [f.result() for f in futures]

    def _run_one(
        self, call: dict[str, Any], input_type: InputType, runtime: ToolRuntime[Any, Any]
    ) -> Outcome:
        try:
            with call_scope(call):
                return "ok", self._call(call, input_type, runtime)
        except BaseException as exc:
            return failed(exc)

    async def _arun_one(
        self, call: dict[str, Any], input_type: InputType, runtime: ToolRuntime[Any, Any]
    ) -> Outcome:
        try:
            with call_scope(call):
                return "ok", await self._acall(call, input_type, runtime)
        except BaseException as exc:
            return failed(exc)

    def _request(self, call: dict[str, Any], runtime: ToolRuntime[Any, Any]) -> ToolCallRequest:
        tool = self._tools_by_name.get(call["name"])
        return ToolCallRequest(tool_call=call, tool=tool, state=runtime.state, runtime=runtime)

    def _call(
        self, call: dict[str, Any], input_type: InputType, runtime: ToolRuntime[Any, Any]
    ) -> Any:
        """One call's result, through `wrap_tool_call` when there is one."""
        request = self._request(call, runtime)
        wrap = self._wrap_tool_call
        if wrap is None:
            return self._execute(request, input_type)
        try:
            return wrap(request, lambda r: self._execute(r, input_type))
        except Exception as exc:
            return self._wrapper_failed(exc, request)

    async def _acall(
        self, call: dict[str, Any], input_type: InputType, runtime: ToolRuntime[Any, Any]
    ) -> Any:
        """One call's result, through `awrap_tool_call` (else `wrap_tool_call`) if there is one."""
        request = self._request(call, runtime)
        if self._awrap_tool_call is None and self._wrap_tool_call is None:
            return await self._aexecute(request, input_type)

        async def execute(r: ToolCallRequest) -> Any:
            return await self._aexecute(r, input_type)

        try:
            if self._awrap_tool_call is not None:
                return await self._awrap_tool_call(request, execute)
            assert self._wrap_tool_call is not None
            return self._wrap_tool_call(request, lambda r: self._execute(r, input_type))
        except Exception as exc:
            return self._wrapper_failed(exc, request)

    def _wrapper_failed(self, exc: Exception, request: ToolCallRequest) -> ToolMessage:
        """A wrapper's own error: an error `ToolMessage` unless errors are not handled."""
        if not self._handle_tool_errors or is_invalid_resume(exc):
            raise exc
        return self._error_message(exc, request.tool_call)

    def _arguments(
        self, request: ToolCallRequest
    ) -> tuple[BaseTool, dict[str, Any], Injections] | ToolMessage:
        """The tool to run, its input (injected arguments filled in) and what it injects; or the
        error message for a tool the node does not have."""
        call, tool = request.tool_call, request.tool
        if tool is None:
            if call["name"] not in self._tools_by_name:
                return self._unknown_tool(call)
            raise TypeError(f"Tool {call['name']} is not registered with ToolNode")
        if self._tools_by_name.get(tool.name) is tool:
            found = self._injections[tool.name]
        else:  # a tool the wrapper put in the request
            found = find_injections(tool)
        args = {**call, "args": injected_args(call, found, request.runtime, self._messages_key)}
        args["type"] = "tool_call"
        return tool, args, found

    def _execute(self, request: ToolCallRequest, input_type: InputType) -> Any:
        """Run the request's tool; handled errors become an error message."""
        prepared = self._arguments(request)
        if isinstance(prepared, ToolMessage):
            return prepared
        tool, args, found = prepared
        call = request.tool_call
        try:
            response = invoke_tool(tool, args, request.runtime.config)
            return tool_results.normalize(response, call, input_type, self._messages_key)
        except Exception as exc:
            return self._handled(exc, call, found)

    async def _aexecute(self, request: ToolCallRequest, input_type: InputType) -> Any:
        prepared = self._arguments(request)
        if isinstance(prepared, ToolMessage):
            return prepared
        tool, args, found = prepared
        call = request.tool_call
        try:
            response = await tool.ainvoke(args, request.runtime.config)
            return tool_results.normalize(response, call, input_type, self._messages_key)
        except Exception as exc:
            return self._handled(exc, call, found)

    def _handled(self, exc: Exception, call: dict[str, Any], found: Injections) -> ToolMessage:
        """An error `ToolMessage` for `exc`, or raise it if `handle_tool_errors` lets it through."""
        if is_invalid_resume(exc):
            raise exc
        error: Exception = exc
        if _is_validation_error(exc):
            errors = model_errors(exc, found.hidden)
            error = ToolInvocationError(call["name"], exc, call["args"], errors)
        if not handles(self._handle_tool_errors, error):
            if error is exc:
                raise exc
            raise error from exc
        return self._error_message(error, call)

    def _error_message(self, error: Exception, call: dict[str, Any]) -> ToolMessage:
        content = error_content(error, self._handle_tool_errors)
        return ToolMessage(content, name=call["name"], tool_call_id=call["id"], status="error")

    def _unknown_tool(self, call: dict[str, Any]) -> ToolMessage:
        content = INVALID_TOOL_NAME_ERROR_TEMPLATE.format(
            requested_tool=call["name"], available_tools=", ".join(self._tools_by_name)
        )
        return ToolMessage(content, name=call["name"], tool_call_id=call["id"], status="error")

    # --- output ---

    def _finish(self, outcomes: list[Outcome], input_type: InputType) -> Any:
        """Raise the first error, else every interrupt at once, else combine the results."""
        for kind, value in outcomes:
            if kind == "error":
                raise value
        asked = [value for kind, value in outcomes if kind == "interrupt"]
        if asked:
            raise GraphInterrupt(tuple(i for g in asked for i in g.interrupts))
        results = [value for _, value in outcomes]
        return tool_results.combine(results, input_type, self._messages_key)


def tools_condition(
    state: list[Any] | dict[str, Any] | Any, messages_key: str = "messages"
) -> Literal["tools", "__end__"]:
    """Route to "tools" when the last message has tool calls, else to END."""
    if isinstance(state, list):
        last = state[-1]
    elif (isinstance(state, dict) and (messages := state.get(messages_key, []))) or (
        messages := getattr(state, messages_key, [])
    ):
        last = messages[-1]
    else:
        raise ValueError(f"No messages found in input state to tool_edge: {state}")
    if getattr(last, "tool_calls", None):
        return "tools"
    return "__end__"


def _is_tool_call(item: Any) -> bool:
    return isinstance(item, dict) and item.get("type") == "tool_call"


def _is_validation_error(exc: Exception) -> bool:
    from pydantic import ValidationError

    return isinstance(exc, ValidationError)


def _no_writer(_chunk: Any) -> None:
    return None


def _as_commands(result: Any) -> Any:
    """`[{"messages": [...]}, Command(...)]` → `[Command(update={...}), Command(...)]`."""
    if isinstance(result, list) and any(isinstance(r, Command) for r in result):
        return [r if isinstance(r, Command) else Command(update=copy(r)) for r in result]
    return result


__all__ = [
    "AsyncToolCallWrapper",
    "ToolCallRequest",
    "ToolCallWrapper",
    "ToolNode",
    "tools_condition",
]
