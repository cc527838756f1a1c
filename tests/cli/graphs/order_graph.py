"""`ask(schema=Order)` returns an `Order` (a Pydantic model defined here) that the state keeps:
reading the thread needs this file imported first."""

from typing import Any, TypedDict

from pydantic import BaseModel

from signoff.graph import END, START, StateGraph
from signoff.human import ask


class Order(BaseModel):
    qty: int


class State(TypedDict, total=False):
    order: Order
    ok: Any


def take(state: State) -> State:
    return {"order": ask("How many?", schema=Order)}


def confirm(state: State) -> State:
    return {"ok": ask(f"Confirm {state['order'].qty}?", schema=bool)}


builder = StateGraph(State)
builder.add_node("take", take)
builder.add_node("confirm", confirm)
builder.add_edge(START, "take")
builder.add_edge("take", "confirm")
builder.add_edge("confirm", END)
graph = builder.compile()
