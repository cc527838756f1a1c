"""A question whose deadline has long passed: `signoff expire` answers it with the default."""

from datetime import datetime, timezone
from typing import Any, TypedDict

from signoff.graph import END, START, StateGraph
from signoff.human import ask


class State(TypedDict, total=False):
    ship: Any


def decide(state: State) -> State:
    ship = ask(
        "Ship the release?", deadline=datetime(2000, 1, 1, tzinfo=timezone.utc), default="auto"
    )
    return {"ship": ship}


builder = StateGraph(State)
builder.add_node("decide", decide)
builder.add_edge(START, "decide")
builder.add_edge("decide", END)
graph = builder.compile()
