"""ToolNode.invoke called directly, outside any graph (a common way to try a tool node out)."""

from typing import Any

from langchain_core.messages import AIMessage
from langchain_core.tools import tool

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


def run() -> object:
    call = {"name": "add", "args": {"a": 1, "b": 2}, "id": "c1", "type": "tool_call"}
    message = AIMessage(content="", tool_calls=[call], id="ai-1")
    node = ToolNode([add])
    return {
        "dict_input": attempt(lambda: node.invoke({"messages": [message]})),
        "list_input": attempt(lambda: node.invoke([message])),
    }
