"""`signoff.human.approve` then `signoff.human.ask` with a nested Pydantic schema."""

from typing import Any, TypedDict

from pydantic import BaseModel, Field

from signoff.graph import END, START, StateGraph
from signoff.human import approve, ask


class Address(BaseModel):
    city: str
    zip: str = Field(pattern=r"^\d{5}$")


class Person(BaseModel):
    name: str
    address: Address


class State(TypedDict, total=False):
    decision: Any
    person: Any


def pay(state: State) -> State:
    decision = approve(
        "pay",
        {"amount": 5},
        description="Pay the invoice?",
        allow_edit=True,
        allow_respond=True,
        allow_ignore=True,
    )
    return {
        "decision": {"kind": decision.kind, "args": decision.args, "response": decision.response}
    }


def register(state: State) -> State:
    person = ask("Where do you live?", schema=Person)
    return {"person": person.model_dump()}


builder = StateGraph(State)
builder.add_node("pay", pay)
builder.add_node("register", register)
builder.add_edge(START, "pay")
builder.add_edge("pay", "register")
builder.add_edge("register", END)
graph = builder.compile()
