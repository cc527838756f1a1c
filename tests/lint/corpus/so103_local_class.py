# expect: SO103
from dataclasses import dataclass
from enum import Enum

from langgraph.types import interrupt
from pydantic import BaseModel
from typing_extensions import TypedDict


class Ticket:
    def __init__(self, title):
        self.title = title


@dataclass
class Draft:
    text: str


class Form(BaseModel):
    name: str


class ExtendedForm(Form):
    age: int


class Question(TypedDict):
    text: str


class Level(Enum):
    LOW = 1


def node(state):
    a = interrupt(Ticket(state["title"]))  # <- SO103
    b = interrupt({"draft": Draft(text=state["draft"])})
    c = interrupt(Form(name="x"))
    d = interrupt(ExtendedForm(name="x", age=3))
    e = interrupt(Question(text="Why?"))
    f = interrupt({"level": Level.LOW, "levels": [Level(1)]})
    return {"answers": [a, b, c, d, e, f]}
