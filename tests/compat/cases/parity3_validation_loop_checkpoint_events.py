"""The seed's validation loop and its two-questions node, resumed with checkpoint events on: the
loaded checkpoint's task shows only the question it waits on now, not the ones answered."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    age: int
    name: str


def get_age_node(state: State) -> dict[str, Any]:
    prompt = "What is your age?"
    while True:
        answer = interrupt(prompt)
        if isinstance(answer, int) and answer > 0:
            break
        prompt = f"'{answer}' is not a valid age. Please enter a positive number."
    return {"age": answer}


def two_questions(state: State) -> dict[str, Any]:
    name = interrupt("What's your name?")
    age = interrupt("What's your age?")
    return {"name": name, "age": age}


def run() -> object:
    observed: dict[str, object] = {}
    for label, node, answers in (
        ("validation", get_age_node, ["not a number", -3, 25]),
        ("two questions", two_questions, ["Ann", 30]),
    ):
        builder = StateGraph(State)
        builder.add_node("ask", node)
        builder.add_edge(START, "ask")
        builder.add_edge("ask", END)
        graph = builder.compile(checkpointer=MemorySaver())
        config = {"configurable": {"thread_id": "1"}}
        graph.invoke({}, config)
        observed[label] = [
            list(graph.stream(Command(resume=a), config, stream_mode=["checkpoints", "updates"]))
            for a in answers
        ]
    return observed
