"""Command(resume=value) without ids while two interrupts are pending is an error."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Send, interrupt


class State(TypedDict, total=False):
    docs: list[str]
    verdicts: Annotated[list[str], operator.add]


def plan(state: State) -> dict[str, Any]:
    return {}


def fan_out(state: State) -> list[Send]:
    return [Send("review", {"doc": doc}) for doc in state["docs"]]


def review(arg: dict[str, str]) -> dict[str, Any]:
    return {"verdicts": [f"{arg['doc']}={interrupt(arg['doc'])}"]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("plan", plan)
    builder.add_node("review", review)
    builder.add_edge(START, "plan")
    builder.add_conditional_edges("plan", fan_out, ["review"])
    builder.add_edge("review", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "plain"}}
    graph.invoke({"docs": ["a", "b"]}, config)
    try:
        outcome: object = graph.invoke(Command(resume="yes"), config)
    except Exception as error:
        outcome = {"raises": type(error).__name__, "message": str(error)}
    state = graph.get_state(config)
    return {
        "outcome": outcome,
        "still_pending": sorted(i.value for i in state.interrupts),
        "next": state.next,
        "history_len": len(list(graph.get_state_history(config))),
    }
