"""invoke(..., print_mode=...) prints the chosen modes' chunks to stdout (stream_mode unchanged)."""

import contextlib
import io
import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict):
    out: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"out": ["a"]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_edge(START, "a")
    graph = builder.compile()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = graph.invoke({"out": []}, print_mode="updates")
    return {"result": result, "printed": printed.getvalue()}
