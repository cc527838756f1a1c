"""invoke(..., output_keys=...) and stream(..., output_keys=...) pick the channels returned."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict):
    out: Annotated[list[str], operator.add]
    x: int


def step(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1, "out": ["s"]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("step", step)
    builder.add_edge(START, "step")
    graph = builder.compile()
    return {
        "invoke_list": graph.invoke({"x": 1, "out": []}, output_keys=["x"]),
        "invoke_str": graph.invoke({"x": 1, "out": []}, output_keys="x"),
        "stream_values": list(
            graph.stream({"x": 1, "out": []}, stream_mode="values", output_keys=["out"])
        ),
        "stream_updates": list(graph.stream({"x": 1, "out": []}, output_keys="x")),
    }
