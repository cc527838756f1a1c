"""Several stream modes at once: a step's `values` chunk comes before the events of the checkpoint
that stores it (`checkpoints`/`debug`), also when a run picks up a paused or finished thread."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict):
    x: int
    log: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"log": ["a"]}


def ask(state: State) -> dict[str, Any]:
    return {"log": [interrupt("q?")]}


def b(state: State) -> dict[str, Any]:
    return {"log": ["b"]}


MODES = ["values", "checkpoints", "updates", "tasks", "debug"]


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("ask", ask)
    builder.add_node("b", b)
    builder.add_edge(START, "a")
    builder.add_edge("a", "ask")
    builder.add_edge("ask", "b")
    graph = builder.compile(checkpointer=MemorySaver(), interrupt_before=["b"])
    config = {"configurable": {"thread_id": "1"}}
    runs = [
        ("start", {"x": 1, "log": []}),
        ("answer", Command(resume="A")),
        ("past breakpoint", None),
        ("finished", None),
        ("new input", {"x": 2}),
    ]
    return {label: list(graph.stream(arg, config, stream_mode=MODES)) for label, arg in runs}
