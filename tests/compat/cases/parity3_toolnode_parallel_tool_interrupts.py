"""Two tool calls of one AI message whose tool calls `interrupt()`: what surfaces, and a plain
`Command(resume=...)` answering it."""

from typing import Any

from langchain_core.messages import AIMessage
from langchain_core.tools import tool

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode
from signoff.types import Command, interrupt


@tool
def send_email(to: str) -> str:
    """Send an email."""
    answer = interrupt({"to": to, "question": "send?"})
    return f"sent to {to}: {answer}"


def agent(state: MessagesState) -> dict[str, Any]:
    calls = [
        {"name": "send_email", "args": {"to": to}, "id": f"call_{to}", "type": "tool_call"}
        for to in ("a@x", "b@x")
    ]
    return {"messages": [AIMessage("", id="ai", tool_calls=calls)]}


def run() -> object:
    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    builder.add_node("tools", ToolNode([send_email]))
    builder.add_edge(START, "agent")
    builder.add_edge("agent", "tools")
    builder.add_edge("tools", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    paused = graph.invoke({"messages": [("user", "email both")]}, config)
    try:
        resumed: Any = graph.invoke(Command(resume="ok"), config)
    except RuntimeError as error:
        resumed = {"raises": type(error).__name__, "message": str(error)}
    return {"paused": paused["__interrupt__"], "plain resume": resumed}
