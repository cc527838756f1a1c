"""`compile(debug=True)` and `stream(..., debug=True)`: updates and values are printed to stdout
(LangGraph 1.2's debug output); the stream itself yields only the modes asked for."""

import contextlib
import io
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    x: int


def a(state: State) -> dict[str, Any]:
    return {"x": 1}


def ask(state: State) -> dict[str, Any]:
    return {"x": interrupt("x?")}


def captured(call: Any) -> object:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = call()
    return {"result": result, "printed": printed.getvalue()}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("ask", ask)
    builder.add_edge(START, "a")
    builder.add_edge("a", "ask")
    noisy = builder.compile(checkpointer=InMemorySaver(), debug=True)
    quiet = builder.compile(checkpointer=InMemorySaver())
    one = {"configurable": {"thread_id": "1"}}
    two = {"configurable": {"thread_id": "2"}}
    return {
        "invoke": captured(lambda: noisy.invoke({"x": 0}, one)),
        "resume": captured(lambda: noisy.invoke(Command(resume=5), one)),
        "stream debug": captured(lambda: list(quiet.stream({"x": 0}, two, debug=True))),
        "stream": captured(lambda: list(quiet.stream(Command(resume=6), two))),
    }
