"""stream(..., subgraphs=True): (namespace, chunk) tuples from parent and child, through a pause."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    answer: str


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return node


def ask(state: State) -> dict[str, Any]:
    return {"answer": interrupt("continue?")}


def build() -> Any:
    inner = StateGraph(State)
    inner.add_node("inner_a", step("inner_a"))
    inner.add_node("ask", ask)
    inner.add_edge(START, "inner_a")
    inner.add_edge("inner_a", "ask")
    inner.add_edge("ask", END)
    outer = StateGraph(State)
    outer.add_node("outer_a", step("outer_a"))
    outer.add_node("child", inner.compile())
    outer.add_edge(START, "outer_a")
    outer.add_edge("outer_a", "child")
    outer.add_edge("child", END)
    return outer.compile(checkpointer=MemorySaver())


def run() -> object:
    graph = build()
    observed: dict[str, object] = {}
    modes: dict[str, Any] = {
        "updates": "updates",
        "values": "values",
        "both": ["updates", "values"],
    }
    for name, mode in modes.items():
        config = {"configurable": {"thread_id": name}}
        observed[name] = [
            list(graph.stream({"log": []}, config, stream_mode=mode, subgraphs=True)),
            list(graph.stream(Command(resume="go"), config, stream_mode=mode, subgraphs=True)),
        ]
    config = {"configurable": {"thread_id": "flat"}}
    observed["without_subgraphs"] = list(graph.stream({"log": []}, config, stream_mode="updates"))
    return observed
