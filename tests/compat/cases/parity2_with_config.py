"""with_config() returns a new graph whose calls use the bound config (thread, recursion limit,
metadata) merged under the per-call config."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph


class State(TypedDict):
    out: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"out": ["a"]}


def b(state: State) -> dict[str, Any]:
    return {"out": ["b"]}


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("b", b)
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    graph = builder.compile(checkpointer=MemorySaver())
    bound = graph.with_config({"configurable": {"thread_id": "bound"}})
    limited = graph.with_config(recursion_limit=1)
    tagged = graph.with_config(metadata={"m": 1})
    tagged.invoke({"out": []}, {"configurable": {"thread_id": "meta"}})
    return {
        "same_object": bound is graph,
        "bound_invoke": attempt(lambda: bound.invoke({"out": []})),
        "bound_state": graph.get_state({"configurable": {"thread_id": "bound"}}).values,
        "limited": attempt(
            lambda: limited.invoke({"out": []}, {"configurable": {"thread_id": "lim"}})
        ),
        "metadata": graph.get_state({"configurable": {"thread_id": "meta"}}).metadata,
    }
