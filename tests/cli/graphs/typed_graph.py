"""`signoff.human.ask` with a Pydantic schema: a wrong answer is refused with its field path."""

from typing import Any, TypedDict

from pydantic import BaseModel, Field

from signoff.graph import END, START, StateGraph
from signoff.human import ask


class Details(BaseModel):
    name: str
    age: int = Field(ge=0)


class State(TypedDict, total=False):
    details: Any


def collect(state: State) -> State:
    details = ask("Who are you?", schema=Details)
    return {"details": details.model_dump()}


builder = StateGraph(State)
builder.add_node("collect", collect)
builder.add_edge(START, "collect")
builder.add_edge("collect", END)
graph = builder.compile()
