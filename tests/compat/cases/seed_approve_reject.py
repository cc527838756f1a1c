"""Seed: approval node routing with Command(goto=...) to execute or cancel."""

from typing import Any, Literal

from langchain_core.messages import AIMessage

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.types import Command, interrupt


def approval_node(state: MessagesState) -> Command[Literal["execute", "cancel"]]:
    is_approved = interrupt(
        {
            "question": "Do you want to proceed with this action?",
            "details": state["messages"][-1].content,
        }
    )
    return Command(goto="execute" if is_approved else "cancel")


def execute(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage(content="Action executed successfully!")]}


def cancel(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage(content="Action cancelled by user.")]}


def run() -> object:
    builder = StateGraph(MessagesState)
    builder.add_node("approval", approval_node)
    builder.add_node("execute", execute)
    builder.add_node("cancel", cancel)
    builder.add_edge(START, "approval")
    builder.add_edge("execute", END)
    builder.add_edge("cancel", END)
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for thread, answer in (("approve", True), ("reject", False)):
        config = {"configurable": {"thread_id": thread}}
        paused = graph.invoke({"messages": [("user", "Delete the old records")]}, config)
        done = graph.invoke(Command(resume=answer), config)
        observed[thread] = {"paused": paused, "done": done, "next": graph.get_state(config).next}
    return observed
