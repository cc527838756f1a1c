"""Resuming a step where one parallel node paused and the other finished: the `tasks`/`debug`
streams announce both tasks (the finished one is not re-run, so it gets no result event), and the
checkpoint event shows the finished task's result beside the paused task's interrupt."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict):
    x: int
    log: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1, "log": ["a"]}


def ask(state: State) -> dict[str, Any]:
    return {"log": ["ask:" + str(interrupt({"q": "go?"}))]}


def other(state: State) -> dict[str, Any]:
    return {"log": ["other"]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("ask", ask)
    builder.add_node("other", other)
    builder.add_edge(START, "a")
    builder.add_edge("a", "ask")
    builder.add_edge("a", "other")
    builder.add_edge(["ask", "other"], END)
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for mode in ("debug", "tasks", "checkpoints", ["updates", "tasks", "checkpoints"]):
        config = {"configurable": {"thread_id": str(mode)}}
        graph.invoke({"x": 1, "log": []}, config)  # parallel step: its stream order is a race
        resumed = list(graph.stream(Command(resume="ok"), config, stream_mode=mode))
        observed[str(mode)] = {"resumed": resumed, "state": graph.get_state(config)}
    return observed
