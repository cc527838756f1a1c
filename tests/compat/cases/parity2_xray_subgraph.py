"""get_graph(xray=True) draws a subgraph node's own nodes (prefixed by the node name)."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.graph import END, START, StateGraph


class State(TypedDict):
    out: Annotated[list[str], operator.add]


def s1(state: State) -> dict[str, Any]:
    return {"out": ["s1"]}


def s2(state: State) -> dict[str, Any]:
    return {"out": ["s2"]}


def a(state: State) -> dict[str, Any]:
    return {"out": ["a"]}


def run() -> object:
    sub = StateGraph(State)
    sub.add_node("s1", s1)
    sub.add_node("s2", s2)
    sub.add_edge(START, "s1")
    sub.add_edge("s1", "s2")
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("child", sub.compile())
    builder.add_edge(START, "a")
    builder.add_edge("a", "child")
    builder.add_edge("child", END)
    graph = builder.compile()
    drawn = graph.get_graph(xray=True)
    return {
        "nodes": sorted(drawn.nodes),
        "edges": sorted((e.source, e.target, e.conditional) for e in drawn.edges),
        "plain_nodes": sorted(graph.get_graph().nodes),
    }
