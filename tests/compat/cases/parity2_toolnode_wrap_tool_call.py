"""ToolNode(wrap_tool_call=...): a wrapper around each tool call sees the request and can change
the result."""

from typing import Any

from langchain_core.messages import AIMessage
from langchain_core.tools import tool

from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode


@tool
def add(a: int, b: int) -> int:
    """Add two ints."""
    return a + b


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def wrapper(request: Any, handler: Any) -> Any:
    result = handler(request)
    result.content = f"wrapped {request.tool_call['name']}: {result.content}"
    return result


def run() -> object:
    call = {"name": "add", "args": {"a": 1, "b": 2}, "id": "c1", "type": "tool_call"}
    message = AIMessage(content="", tool_calls=[call], id="ai-1")

    def in_graph() -> Any:
        builder = StateGraph(MessagesState)
        builder.add_node("tools", ToolNode([add], wrap_tool_call=wrapper))
        builder.add_edge(START, "tools")
        return builder.compile().invoke({"messages": [message]})["messages"]

    return {"wrapped_in_graph": attempt(in_graph)}
