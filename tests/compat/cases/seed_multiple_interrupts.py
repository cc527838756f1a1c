"""Seed: two interrupts in one node answered in order; what `__interrupt__` holds each time."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    name: str
    age: int


def node(state: State) -> dict[str, Any]:
    name = interrupt("What's your name?")
    age = interrupt("What's your age?")
    return {"name": name, "age": age}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", node)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "two"}}
    first = graph.invoke({}, config)
    state_first = graph.get_state(config)
    second = graph.invoke(Command(resume="Ada"), config)
    state_second = graph.get_state(config)
    done = graph.invoke(Command(resume=36), config)
    return {
        "first": first,
        "state_first": state_first,
        "second": second,
        "state_second": state_second,
        "done": done,
        "same_id_twice": first["__interrupt__"][0].id == second["__interrupt__"][0].id,
    }
