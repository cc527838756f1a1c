"""Overwrite(value) written to a plain (last-value) key, from a node and through update_state."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Overwrite


class State(TypedDict, total=False):
    value: int


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("node", lambda state: {"value": Overwrite(2)})
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    graph = builder.compile(checkpointer=InMemorySaver())
    config: Any = {"configurable": {"thread_id": "t"}}
    returned = graph.invoke({"value": 1}, config)
    graph.update_state(config, {"value": Overwrite(3)})
    after = graph.get_state(config).values
    return {
        "returned": {key: repr(value) for key, value in returned.items()},
        "after_update_state": {key: repr(value) for key, value in after.items()},
    }
