"""Map-reduce: a conditional edge returns a list of Send; results fold with operator.add."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Send


class State(TypedDict, total=False):
    subjects: list[str]
    jokes: Annotated[list[str], operator.add]
    best: str


class JokeInput(TypedDict):
    subject: str


def fan_out(state: State) -> list[Send]:
    return [Send("joke", {"subject": subject}) for subject in state["subjects"]]


def joke(state: JokeInput) -> dict[str, Any]:
    return {"jokes": [f"a joke about {state['subject']}"]}


def pick(state: State) -> dict[str, Any]:
    return {"best": max(state["jokes"], key=len)}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("plan", lambda state: {})
    builder.add_node("joke", joke)
    builder.add_node("pick", pick)
    builder.add_edge(START, "plan")
    builder.add_conditional_edges("plan", fan_out, ["joke"])
    builder.add_edge("joke", "pick")
    builder.add_edge("pick", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "fan"}}
    result = graph.invoke({"subjects": ["cats", "dogs", "penguins"]}, config)
    updates = list(
        graph.stream(
            {"subjects": ["owls", "bees"]},
            {"configurable": {"thread_id": "fan-stream"}},
            stream_mode="updates",
        )
    )
    history = [
        (h.metadata["step"], h.metadata["source"], h.next, [t.name for t in h.tasks])
        for h in graph.get_state_history(config)
    ]
    return {"result": result, "updates": updates, "history": history}
