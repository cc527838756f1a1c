"""Small mistakes and the exception type/text each gets: StateGraph() without a schema, two
unnamed conditional edges from one node, Command(goto=<int>), Command(update=<str>)."""

from typing import Any

from typing_extensions import TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import Command


class State(TypedDict, total=False):
    value: str


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def single(node: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile()


def two_branches() -> object:
    builder = StateGraph(State)
    builder.add_node("node", lambda state: {})
    builder.add_edge(START, "node")
    builder.add_conditional_edges("node", lambda state: END)
    builder.add_conditional_edges("node", lambda state: END)
    return "added"


def run() -> object:
    return {
        "no_schema": attempt(lambda: StateGraph() and "built"),  # type: ignore[call-arg]
        "two_unnamed_branches": attempt(two_branches),
        "goto_int": attempt(lambda: single(lambda state: Command(goto=5)).invoke({})),
        "update_str": attempt(lambda: single(lambda state: Command(update="x")).invoke({})),
    }
