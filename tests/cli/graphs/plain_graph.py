"""A draft is written, then a person approves it with a plain interrupt()."""

from typing import Any, TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import interrupt


class State(TypedDict, total=False):
    topic: str
    draft: str
    approved: Any


def write(state: State) -> State:
    return {"draft": f"A note about {state.get('topic', 'nothing')}"}


def review(state: State) -> State:
    answer = interrupt(f"Approve the draft: {state['draft']}?")
    return {"approved": answer}


builder = StateGraph(State)
builder.add_node("write", write)
builder.add_node("review", review)
builder.add_edge(START, "write")
builder.add_edge("write", "review")
builder.add_edge("review", END)

graph = builder.compile()
paused_graph = builder.compile(interrupt_before=["review"])
not_a_graph = 42


def make_graph() -> Any:
    return builder.compile()


def needs_args(x: int) -> Any:
    return builder.compile()


def make_builder() -> Any:
    return builder
