"""stream_mode="messages": messages a node received as input are not emitted again when the node
returns them (a node echoing its input, a subgraph node returning its whole state)."""

from typing import Any

from langchain_core.messages import AIMessage, HumanMessage

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, MessagesState, StateGraph


def echo(state: MessagesState) -> dict[str, Any]:
    return {"messages": [*state["messages"], AIMessage("new", id="n1")]}


def reply(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage("sub reply", id="s1")]}


def run() -> object:
    builder = StateGraph(MessagesState)
    builder.add_node("echo", echo)
    builder.add_edge(START, "echo")
    graph = builder.compile()
    echoed = [
        (type(m).__name__, m.content, meta["langgraph_node"])
        for m, meta in graph.stream(
            {"messages": [HumanMessage("hi", id="h")]}, stream_mode="messages"
        )
    ]
    sub_builder = StateGraph(MessagesState)
    sub_builder.add_node("reply", reply)
    sub_builder.add_edge(START, "reply")
    parent_builder = StateGraph(MessagesState)
    parent_builder.add_node("child", sub_builder.compile())
    parent_builder.add_edge(START, "child")
    parent = parent_builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    nested = [
        (len(ns), type(m).__name__, m.content, meta["langgraph_node"])
        for ns, (m, meta) in parent.stream(
            {"messages": [HumanMessage("hi", id="h")]},
            config,
            stream_mode="messages",
            subgraphs=True,
        )
    ]
    return {"echo": echoed, "subgraph": nested}
