"""`astream_events` on a graph with a `ToolNode` (`on_tool_start/end` under the tools node),
custom events from `adispatch_custom_event`/`dispatch_custom_event`, an interrupt (the graph's
stream shows it; the paused node has no end event) and the resumed run; and an `@entrypoint`."""

import asyncio
from typing import Any, TypedDict

from langchain_core.callbacks import adispatch_custom_event, dispatch_custom_event
from langchain_core.messages import AIMessage
from langchain_core.tools import tool

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint
from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode
from signoff.types import Command, interrupt


@tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


class Counter(TypedDict):
    x: int


def run() -> object:
    def agent(state: MessagesState) -> dict[str, Any]:
        call = {"name": "add", "args": {"a": 1, "b": 2}, "id": "call-1"}
        return {"messages": [AIMessage(content="", id="ai-1", tool_calls=[call])]}

    tools = (
        StateGraph(MessagesState)
        .add_node("agent", agent)
        .add_node("tools", ToolNode([add]))
        .add_edge(START, "agent")
        .add_edge("agent", "tools")
        .compile()
    )

    async def announce(state: Counter) -> dict[str, Any]:
        await adispatch_custom_event("progress", {"at": "announce"})
        return {"x": state["x"] + 1}

    def ask(state: Counter) -> dict[str, Any]:
        dispatch_custom_event("progress", {"at": "ask"})
        return {"x": state["x"] + interrupt("how many?")}

    paused = (
        StateGraph(Counter)
        .add_node("announce", announce)
        .add_node("ask", ask)
        .add_edge(START, "announce")
        .add_edge("announce", "ask")
        .compile(checkpointer=InMemorySaver())
    )

    @entrypoint(checkpointer=InMemorySaver())
    def workflow(number: int) -> int:
        return number * 3

    thread = {"configurable": {"thread_id": "t1"}}

    async def observe() -> object:
        ask_events = [e async for e in paused.astream_events({"x": 1}, thread, version="v2")]
        resumed = [e async for e in paused.astream_events(Command(resume=5), thread)]
        return {
            "tools": [
                e async for e in tools.astream_events({"messages": [("user", "1+2")]}, version="v2")
            ],
            "interrupt": ask_events,
            "resume": resumed,
            "entrypoint": [
                e async for e in workflow.astream_events(2, {"configurable": {"thread_id": "w"}})
            ],
        }

    return asyncio.run(observe())
