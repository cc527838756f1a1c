"""Seed: compile-time interrupt_before / interrupt_after, stepped with invoke(None, config)."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict):
    log: Annotated[list[str], operator.add]


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return node


def run() -> object:
    builder = StateGraph(State)
    for name in ("prepare", "review_node", "critical_node", "finish"):
        builder.add_node(name, step(name))
    builder.add_edge(START, "prepare")
    builder.add_edge("prepare", "review_node")
    builder.add_edge("review_node", "critical_node")
    builder.add_edge("critical_node", "finish")
    builder.add_edge("finish", END)
    graph = builder.compile(
        checkpointer=MemorySaver(),
        interrupt_before=["critical_node"],
        interrupt_after=["review_node"],
    )
    config = {"configurable": {"thread_id": "debug-1"}}
    observed: list[object] = []
    result = graph.invoke({"log": []}, config)
    observed.append({"result": result, "next": graph.get_state(config).next})
    for _ in range(3):
        result = graph.invoke(None, config)
        state = graph.get_state(config)
        observed.append({"result": result, "next": state.next, "interrupts": state.interrupts})
    return observed
