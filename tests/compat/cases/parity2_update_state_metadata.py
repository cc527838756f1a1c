"""update_state() stores the call config's metadata and extra configurable keys in the new
checkpoint's metadata, as a run does."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph


class State(TypedDict):
    out: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"out": ["a"]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_edge(START, "a")
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "t", "user_id": "u"}, "metadata": {"m": 1}}
    graph.invoke({"out": []}, config)
    after_run = graph.get_state({"configurable": {"thread_id": "t"}}).metadata
    graph.update_state(config, {"out": ["edit"]})
    after_update = graph.get_state({"configurable": {"thread_id": "t"}}).metadata
    return {"after_run": after_run, "after_update": after_update}
