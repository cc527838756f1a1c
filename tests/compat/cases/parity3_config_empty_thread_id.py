"""A checkpointed graph run with `thread_id` None or an empty string."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph


class State(TypedDict, total=False):
    x: int


def outcome(call: Any) -> object:
    try:
        return {"result": call()}
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error)}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", lambda state: {"x": 1})
    builder.add_edge(START, "a")
    graph = builder.compile(checkpointer=InMemorySaver())
    return {
        "None": outcome(lambda: graph.invoke({}, {"configurable": {"thread_id": None}})),
        "empty": outcome(lambda: graph.invoke({}, {"configurable": {"thread_id": ""}})),
    }
