"""A graph that writes custom stream events before it asks."""

from typing import TypedDict

from signoff.config import get_stream_writer
from signoff.graph import END, START, StateGraph
from signoff.types import interrupt


class State(TypedDict, total=False):
    fetched: int
    ok: bool


def fetch(state: State) -> State:
    writer = get_stream_writer()
    for n in (1, 2):
        writer({"fetched": n})
    return {"fetched": 2}


def confirm(state: State) -> State:
    return {"ok": bool(interrupt(f"Fetched {state['fetched']} rows; keep them?"))}


builder = StateGraph(State)
builder.add_node("fetch", fetch)
builder.add_node("confirm", confirm)
builder.add_edge(START, "fetch")
builder.add_edge("fetch", "confirm")
builder.add_edge("confirm", END)
graph = builder.compile()
