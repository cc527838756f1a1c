"""Seed: basic interrupt and resume on MessagesState (approve and reject on two threads)."""

from typing import Any

from langchain_core.messages import AIMessage

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.types import Command, interrupt


def propose_action(state: MessagesState) -> dict[str, Any]:
    approved = interrupt("Do you approve sending this notification?")
    if approved:
        return {"messages": [AIMessage(content="✅ Notification sent!")]}
    return {"messages": [AIMessage(content="❌ Notification cancelled.")]}


def run() -> object:
    builder = StateGraph(MessagesState)
    builder.add_node("propose", propose_action)
    builder.add_edge(START, "propose")
    builder.add_edge("propose", END)
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for thread, answer in (("yes", True), ("no", False)):
        config = {"configurable": {"thread_id": thread}}
        paused = graph.invoke(
            {"messages": [{"role": "user", "content": "Send a notification"}]}, config
        )
        done = graph.invoke(Command(resume=answer), config)
        observed[thread] = {"paused": paused, "done": done}
    return observed
