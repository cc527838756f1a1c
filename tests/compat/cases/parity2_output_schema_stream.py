"""With an output_schema, invoke() returns only its keys, but stream() (every mode), the
task results and get_state()/history show the whole state."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph


class State(TypedDict):
    out: Annotated[list[str], operator.add]
    x: int


class Out(TypedDict):
    out: Annotated[list[str], operator.add]


def step(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1, "out": ["s"]}


def bump(state: State) -> dict[str, Any]:
    return {"x": state["x"] * 10}


def run() -> object:
    builder = StateGraph(State, output_schema=Out)
    builder.add_node("step", step)
    builder.add_node("bump", bump)
    builder.add_edge(START, "step")
    builder.add_edge("step", "bump")
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for mode in ("values", "updates", "tasks", "checkpoints"):
        config = {"configurable": {"thread_id": mode}}
        chunks = list(graph.stream({"x": 1, "out": []}, config, stream_mode=mode))
        if mode == "checkpoints":
            chunks = [chunk["values"] for chunk in chunks]
        if mode == "tasks":
            chunks = [chunk["result"] for chunk in chunks if "result" in chunk]
        observed[mode] = chunks
    config = {"configurable": {"thread_id": "invoke"}}
    observed["invoke"] = graph.invoke({"x": 1, "out": []}, config)
    observed["invoke_updates"] = graph.invoke(
        {"x": 1, "out": []}, {"configurable": {"thread_id": "u"}}, stream_mode="updates"
    )
    observed["get_state"] = graph.get_state(config).values
    observed["history"] = [
        (snap.values, [task.result for task in snap.tasks])
        for snap in graph.get_state_history(config)
    ]
    return observed
