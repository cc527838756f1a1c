"""Command(resume={}) and other falsy resume values for a single pending interrupt."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    got: Any


def ask(state: State) -> dict[str, Any]:
    return {"got": interrupt({"question": "Any changes?"})}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    answers: dict[str, Any] = {"empty_dict": {}, "empty_list": [], "false": False, "zero": 0}
    for name, answer in answers.items():
        config = {"configurable": {"thread_id": name}}
        graph.invoke({}, config)
        result = graph.invoke(Command(resume=answer), config)
        snapshot = graph.get_state(config)
        observed[name] = {"result": result, "next": snapshot.next}
    return observed
