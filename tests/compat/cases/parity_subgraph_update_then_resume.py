"""Resuming a parent whose paused subgraph was changed with update_state (on the subgraph's own
config): LangGraph gives the plain answer to the subgraph's re-asked question."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class Outer(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


class Inner(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    note: str


def ask(state: Inner) -> dict[str, Any]:
    return {"log": [interrupt("q")]}


def after(state: Inner) -> dict[str, Any]:
    return {"log": ["b:" + state.get("note", "-")]}


def build() -> Any:
    inner = StateGraph(Inner)
    inner.add_node("a", lambda state: {"log": ["a"]})
    inner.add_node("ask", ask)
    inner.add_node("b", after)
    inner.add_edge(START, "a")
    inner.add_edge("a", "ask")
    inner.add_edge("ask", "b")
    outer = StateGraph(Outer)
    outer.add_node("child", inner.compile())
    outer.add_edge(START, "child")
    return outer.compile(checkpointer=MemorySaver())


def history(graph: Any, config: Any) -> list[object]:
    return [
        (h.metadata["step"], h.metadata["source"], h.next, [t.name for t in h.tasks])
        for h in graph.get_state_history(config)
    ]


def run() -> object:
    graph = build()
    config = {"configurable": {"thread_id": "sub-ops"}}
    graph.invoke({"log": []}, config)
    child_config = graph.get_state(config).tasks[0].state
    graph.update_state(child_config, {"note": "edited"})
    done = graph.invoke(Command(resume="R"), config)
    return {"done": done, "child_history_after": history(graph, child_config)}
