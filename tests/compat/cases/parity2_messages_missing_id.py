"""stream_mode="messages": a message a node returns without an id is streamed with a fresh id."""

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from signoff.graph import START, MessagesState, StateGraph


def noid(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage("no id")]}


def run() -> object:
    builder = StateGraph(MessagesState)
    builder.add_node("noid", noid)
    builder.add_edge(START, "noid")
    graph = builder.compile()
    return [
        (m.content, m.id is None, isinstance(m.id, str))
        for m, _ in graph.stream({"messages": [HumanMessage("hi", id="h")]}, stream_mode="messages")
    ]
