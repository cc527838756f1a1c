"""stream_mode "checkpoints"/"debug" with subgraphs=True through a pause inside a subgraph node."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def inner(state: State) -> dict[str, Any]:
    return {"log": [f"inner:{interrupt('go?')}"]}


def outer(state: State) -> dict[str, Any]:
    return {"log": ["outer"]}


def run() -> object:
    sub = StateGraph(State)
    sub.add_node("inner", inner)
    sub.add_edge(START, "inner")
    builder = StateGraph(State)
    builder.add_node("outer", outer)
    builder.add_node("sub", sub.compile())
    builder.add_edge(START, "outer")
    builder.add_edge("outer", "sub")
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for mode in ("checkpoints", "debug"):
        config = {"configurable": {"thread_id": mode}}
        observed[mode] = [
            list(graph.stream({"log": []}, config, stream_mode=mode, subgraphs=True)),
            list(graph.stream(Command(resume="yes"), config, stream_mode=mode, subgraphs=True)),
        ]
    return observed
