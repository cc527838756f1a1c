"""A node asks for structured details: the interrupt carries a JSON Schema for the answer."""

from typing import Any, TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import interrupt

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "title": "Name"},
        "age": {"type": "integer", "title": "Age"},
        "color": {"enum": ["red", "blue"], "title": "Color"},
        "note": {"type": "string", "title": "Note"},
    },
    "required": ["name", "age", "color"],
}


class State(TypedDict, total=False):
    details: Any


def collect(state: State) -> State:
    return {"details": interrupt("Who are you?", response_schema=SCHEMA)}


builder = StateGraph(State)
builder.add_node("collect", collect)
builder.add_edge(START, "collect")
builder.add_edge("collect", END)
graph = builder.compile()
