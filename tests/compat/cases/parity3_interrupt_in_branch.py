"""`interrupt()` inside a conditional edge's path function: the run's output and stream show
what the node wrote before its edge asked (not stored: the node runs again on resume), and the
answer picks the branch."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    x: int
    out: str


def a(state: State) -> dict[str, Any]:
    return {"x": state.get("x", 0) + 1}


def route(state: State) -> Any:
    return interrupt({"question": "left or right?", "x": state["x"]})


def left(state: State) -> dict[str, Any]:
    return {"out": "left"}


def right(state: State) -> dict[str, Any]:
    return {"out": "right"}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("left", left)
    builder.add_node("right", right)
    builder.add_edge(START, "a")
    builder.add_conditional_edges("a", route, ["left", "right"])
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    paused = graph.invoke({"x": 0}, config)
    state = graph.get_state(config)
    modes = ["values", "updates", "tasks"]
    streamed = list(
        graph.stream({"x": 10}, {"configurable": {"thread_id": "2"}}, stream_mode=modes)
    )
    return {
        "paused": paused,
        "state": state,
        "resumed": graph.invoke(Command(resume="right"), config),
        "streamed": streamed,
        "streamed resume": list(
            graph.stream(
                Command(resume="left"), {"configurable": {"thread_id": "2"}}, stream_mode=modes
            )
        ),
    }
