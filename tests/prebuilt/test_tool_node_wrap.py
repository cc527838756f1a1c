"""`ToolNode(wrap_tool_call=..., awrap_tool_call=...)`: a wrapper around each tool call."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.tools import tool

from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode
from signoff.prebuilt.tool_node import ToolCallRequest


@tool
def add(a: int, b: int) -> int:
    """Add two ints."""
    return a + b


@tool
def boom(a: int) -> int:
    """Fail."""
    raise RuntimeError("kaboom")


def call(name: str, args: dict[str, Any], id: str = "c1") -> dict[str, Any]:
    return {"name": name, "args": args, "id": id, "type": "tool_call"}


def run(node: ToolNode, *calls: dict[str, Any]) -> list[Any]:
    builder = StateGraph(MessagesState)
    builder.add_node("tools", node)
    builder.add_edge(START, "tools")
    message = AIMessage("", tool_calls=list(calls), id="ai")
    return builder.compile().invoke({"messages": [message]})["messages"][1:]  # type: ignore[no-any-return]


def test_a_wrapper_sees_the_request_and_changes_the_result() -> None:
    requests: list[ToolCallRequest] = []

    def wrapper(request: ToolCallRequest, execute: Any) -> Any:
        requests.append(request)
        result = execute(request)
        result.content = f"wrapped {request.tool_call['name']}: {result.content}"
        return result

    (message,) = run(ToolNode([add], wrap_tool_call=wrapper), call("add", {"a": 1, "b": 2}))
    assert (message.content, message.name, message.tool_call_id) == ("wrapped add: 3", "add", "c1")
    (request,) = requests
    assert request.tool is add
    assert request.runtime.tool_call_id == "c1"
    assert list(request.state) == ["messages"]


def test_a_wrapper_may_change_the_call_retry_or_answer_itself() -> None:
    def override(request: ToolCallRequest, execute: Any) -> Any:
        return execute(request.override(tool_call={**request.tool_call, "args": {"a": 5, "b": 5}}))

    assert (
        run(ToolNode([add], wrap_tool_call=override), call("add", {"a": 1, "b": 2}))[0].content
        == "10"
    )

    attempts: list[str] = []

    def retry(request: ToolCallRequest, execute: Any) -> Any:
        for _ in range(3):
            result = execute(request)
            attempts.append(result.status)
        return result

    node = ToolNode([boom], wrap_tool_call=retry, handle_tool_errors=True)
    assert run(node, call("boom", {"a": 1}))[0].status == "error"
    assert attempts == ["error"] * 3

    def cached(request: ToolCallRequest, execute: Any) -> Any:
        return ToolMessage("cached", tool_call_id=request.tool_call["id"])

    (message,) = run(ToolNode([add], wrap_tool_call=cached), call("missing", {}))
    assert message.content == "cached"


def test_unknown_tools_reach_the_wrapper_with_no_tool() -> None:
    tools: list[Any] = []

    def wrapper(request: ToolCallRequest, execute: Any) -> Any:
        tools.append(request.tool)
        return execute(request)

    (message,) = run(ToolNode([add], wrap_tool_call=wrapper), call("nope", {}))
    assert tools == [None]
    assert message.status == "error"
    assert message.content.startswith("Error: nope is not a valid tool")


def test_errors_of_the_wrapper_follow_handle_tool_errors() -> None:
    def failing(request: ToolCallRequest, execute: Any) -> Any:
        raise ValueError("wrapper failed")

    with pytest.raises(ValueError, match="wrapper failed"):
        run(ToolNode([add], wrap_tool_call=failing), call("add", {"a": 1, "b": 2}))
    (message,) = run(
        ToolNode([add], wrap_tool_call=failing, handle_tool_errors="oops"),
        call("add", {"a": 1, "b": 2}),
    )
    assert (message.content, message.status) == ("oops", "error")


def test_setting_request_attributes_is_deprecated() -> None:
    def wrapper(request: ToolCallRequest, execute: Any) -> Any:
        with pytest.warns(DeprecationWarning, match="override"):
            request.tool_call = {**request.tool_call, "args": {"a": 2, "b": 2}}
        return execute(request)

    assert (
        run(ToolNode([add], wrap_tool_call=wrapper), call("add", {"a": 1, "b": 2}))[0].content
        == "4"
    )


def test_override_of_the_state_reaches_the_runtime() -> None:
    request = ToolCallRequest(
        tool_call=call("add", {}), tool=add, state={"a": 1}, runtime=_runtime({"a": 1})
    )
    changed = request.override(state={"a": 2})
    assert changed.runtime.state == {"a": 2}
    assert request.runtime.state == {"a": 1}


async def test_ainvoke_uses_the_async_wrapper_and_else_the_sync_one() -> None:
    async def awrapper(request: ToolCallRequest, execute: Any) -> Any:
        result = await execute(request)
        result.content = f"async {result.content}"
        return result

    def wrapper(request: ToolCallRequest, execute: Any) -> Any:
        result = execute(request)
        result.content = f"sync {result.content}"
        return result

    calls = [call("add", {"a": 1, "b": 2})]
    both = ToolNode([add], wrap_tool_call=wrapper, awrap_tool_call=awrapper)
    assert (await both.ainvoke(calls))["messages"][0].content == "async 3"
    assert both.invoke(calls)["messages"][0].content == "sync 3"
    sync_only = ToolNode([add], wrap_tool_call=wrapper)
    assert (await sync_only.ainvoke(calls))["messages"][0].content == "sync 3"
    async_only = ToolNode([add], awrap_tool_call=awrapper)
    assert async_only.invoke(calls)["messages"][0].content == "3"


def _runtime(state: Any) -> Any:
    from signoff.prebuilt import ToolRuntime

    return ToolRuntime(
        state=state,
        context=None,
        config={},
        stream_writer=lambda _: None,
        tool_call_id="c1",
        store=None,
    )
