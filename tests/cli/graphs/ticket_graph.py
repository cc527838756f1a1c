"""The interrupt's value is a `Ticket` (a dataclass defined here): the inbox needs this file
imported to read the question."""

from dataclasses import dataclass
from typing import Any, TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import interrupt


@dataclass
class Ticket:
    title: str


class State(TypedDict, total=False):
    answer: Any


def triage(state: State) -> State:
    return {"answer": interrupt(Ticket("Fix the printer"))}


builder = StateGraph(State)
builder.add_node("triage", triage)
builder.add_edge(START, "triage")
builder.add_edge("triage", END)
graph = builder.compile()
