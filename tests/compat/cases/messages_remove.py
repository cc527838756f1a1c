"""add_messages with RemoveMessage, REMOVE_ALL_MESSAGES, id replacement and update_state."""

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, RemoveMessage

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.graph.message import REMOVE_ALL_MESSAGES


def reply(state: MessagesState) -> dict[str, Any]:
    return {
        "messages": [AIMessage(f"echo {len(state['messages'])}", id=f"ai-{len(state['messages'])}")]
    }


def prune(state: MessagesState) -> dict[str, Any]:
    return {"messages": [RemoveMessage(id=m.id) for m in state["messages"][:-2]]}


def run() -> object:
    builder = StateGraph(MessagesState)
    builder.add_node("reply", reply)
    builder.add_node("prune", prune)
    builder.add_edge(START, "reply")
    builder.add_edge("reply", "prune")
    builder.add_edge("prune", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "msgs"}}
    first = graph.invoke({"messages": [HumanMessage("hi", id="h1"), ("user", "there")]}, config)
    second = graph.invoke({"messages": [HumanMessage("again", id="h2")]}, config)
    graph.update_state(config, {"messages": [AIMessage("edited", id="ai-3")]})
    replaced = graph.get_state(config).values
    graph.update_state(config, {"messages": [RemoveMessage(id="h2")]})
    removed = graph.get_state(config).values
    graph.update_state(
        config, {"messages": [RemoveMessage(id=REMOVE_ALL_MESSAGES), HumanMessage("fresh", id="f")]}
    )
    cleared = graph.get_state(config).values
    try:
        graph.update_state(config, {"messages": [RemoveMessage(id="missing")]})
        missing: object = graph.get_state(config).values
    except Exception as error:
        missing = {"raises": type(error).__name__, "message": str(error).splitlines()[0]}
    return {
        "first": first,
        "second": second,
        "replaced": replaced,
        "removed": removed,
        "cleared": cleared,
        "missing": missing,
    }
