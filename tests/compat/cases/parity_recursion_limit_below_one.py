"""config["recursion_limit"] of 0 or below is refused up front (ValueError), not reported as a
GraphRecursionError after running nothing."""

from typing import Any

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict, total=False):
    value: int


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("step", lambda state: {"value": 1})
    builder.add_edge(START, "step")
    graph = builder.compile()
    return {
        str(limit): attempt(lambda limit=limit: graph.invoke({}, {"recursion_limit": limit}))
        for limit in (1, 0, -1)
    }
