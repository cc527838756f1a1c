"""A Pydantic model as state schema: defaults, validation of input, what nodes see, get_state."""

from typing import Any

from pydantic import BaseModel

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(BaseModel):
    topic: str
    count: int = 0
    tags: list[str] = []
    verdict: str | None = None


seen: list[object] = []


def grow(state: State) -> dict[str, Any]:
    seen.append((type(state).__name__, state.topic, state.count))
    return {"count": state.count + 1, "tags": [*state.tags, "grown"]}


def ask(state: State) -> dict[str, Any]:
    return {"verdict": interrupt({"topic": state.topic, "count": state.count})}


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__}


def run() -> object:
    seen.clear()
    builder = StateGraph(State)
    builder.add_node("grow", grow)
    builder.add_node("ask", ask)
    builder.add_edge(START, "grow")
    builder.add_edge("grow", "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "pyd"}}
    paused = graph.invoke({"topic": "tea"}, config)
    state = graph.get_state(config)
    done = graph.invoke(Command(resume="fine"), config)
    return {
        "paused": paused,
        "values": state.values,
        "next": state.next,
        "done": done,
        "model_input": graph.invoke(
            State(topic="milk", count=5), {"configurable": {"thread_id": "m"}}
        ),
        "invalid": attempt(
            lambda: graph.invoke({"count": 1}, {"configurable": {"thread_id": "x"}})
        ),
        "wrong_type": attempt(
            lambda: graph.invoke(
                {"topic": "a", "count": "many"}, {"configurable": {"thread_id": "y"}}
            )
        ),
        "seen": list(seen),
    }
