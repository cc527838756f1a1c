"""Seed: a validation loop re-prompts until the answer is a positive int."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    age: int


def get_age_node(state: State) -> dict[str, Any]:
    prompt = "What is your age?"
    while True:
        answer = interrupt(prompt)
        if isinstance(answer, int) and answer > 0:
            break
        prompt = f"'{answer}' is not a valid age. Please enter a positive number."
    return {"age": answer}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("get_age", get_age_node)
    builder.add_edge(START, "get_age")
    builder.add_edge("get_age", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "age"}}
    first = graph.invoke({}, config)
    invalid = graph.invoke(Command(resume="not a number"), config)
    negative = graph.invoke(Command(resume=-3), config)
    valid = graph.invoke(Command(resume=25), config)
    return {"first": first, "invalid": invalid, "negative": negative, "valid": valid}
