"""get_state_history / update_state on a paused subgraph's own config (a task's `state` config).

History read through the child namespace shows the child's `next`/tasks; an update there uses the
child's schema and is a checkpoint of the child (the resume after it: see
parity_subgraph_update_then_resume)."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import interrupt


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
    child_history = history(graph, child_config)
    updated = graph.update_state(child_config, {"note": "edited"})
    child_after = graph.get_state(child_config)
    return {
        "child_history": child_history,
        "updated_config": updated,
        "child_after_update": (child_after.values, child_after.next, child_after.metadata),
        "child_history_after": history(graph, child_config),
    }
