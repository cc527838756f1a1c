"""A conditional edge whose path returns a node the graph does not have, or a key its path_map
does not list."""

from typing import Any

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict):
    x: int


def a(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1}


def outcome(call: Any) -> object:
    try:
        return {"result": call()}
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error)}


def run() -> object:
    unknown = StateGraph(State)
    unknown.add_node("a", a)
    unknown.add_conditional_edges(START, lambda state: "zzz")
    unmapped = StateGraph(State)
    unmapped.add_node("a", a)
    unmapped.add_conditional_edges(START, lambda state: "zzz", {"go": "a"})
    return {
        "unknown node": outcome(lambda: unknown.compile().invoke({"x": 1})),
        "not in path_map": outcome(lambda: unmapped.compile().invoke({"x": 1})),
    }
