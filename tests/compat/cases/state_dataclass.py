"""A dataclass as state schema with an Annotated reducer field; nodes get dataclass instances."""

import operator
from dataclasses import dataclass, field
from typing import Annotated, Any

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


@dataclass
class State:
    topic: str
    notes: Annotated[list[str], operator.add] = field(default_factory=list)
    verdict: str = "pending"


seen: list[object] = []


def note(state: State) -> dict[str, Any]:
    seen.append((type(state).__name__, state.topic, list(state.notes), state.verdict))
    return {"notes": [f"note on {state.topic}"]}


def ask(state: State) -> dict[str, Any]:
    return {"verdict": interrupt(list(state.notes))}


def run() -> object:
    seen.clear()
    builder = StateGraph(State)
    builder.add_node("note", note)
    builder.add_node("ask", ask)
    builder.add_edge(START, "note")
    builder.add_edge("note", "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "dc"}}
    paused = graph.invoke({"topic": "tea", "notes": ["given"]}, config)
    state = graph.get_state(config)
    done = graph.invoke(Command(resume="ok"), config)
    instance = graph.invoke(State(topic="milk"), {"configurable": {"thread_id": "inst"}})
    return {
        "paused": paused,
        "values": state.values,
        "next": state.next,
        "done": done,
        "instance_input": instance,
        "seen": list(seen),
    }
