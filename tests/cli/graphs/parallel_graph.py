"""Two reviewers asked at once: two interrupts pending on one thread."""

import operator
from typing import Annotated, Any, TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import interrupt


class State(TypedDict, total=False):
    votes: Annotated[list[Any], operator.add]


def legal(state: State) -> State:
    return {"votes": [("legal", interrupt("Legal: approve?"))]}


def finance(state: State) -> State:
    return {"votes": [("finance", interrupt("Finance: approve?"))]}


builder = StateGraph(State)
builder.add_node("legal", legal)
builder.add_node("finance", finance)
builder.add_edge(START, "legal")
builder.add_edge(START, "finance")
builder.add_edge("legal", END)
builder.add_edge("finance", END)
graph = builder.compile()
