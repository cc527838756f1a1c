"""A node that raises after its question is answered."""

from typing import Any, TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import interrupt


class State(TypedDict, total=False):
    answer: Any


def fail_now(state: State) -> State:
    raise ValueError("the mail server is down")


def ask_then_fail(state: State) -> State:
    answer = interrupt("Go?")
    raise ValueError(f"cannot do {answer!r}")


def _graph(node: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("work", node)
    builder.add_edge(START, "work")
    builder.add_edge("work", END)
    return builder.compile()


graph = _graph(fail_now)
later = _graph(ask_then_fail)
