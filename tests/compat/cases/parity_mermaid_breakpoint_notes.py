"""get_graph().draw_mermaid() of a graph compiled with static breakpoints (the seed's debugging setup)."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict, total=False):
    log: list[str]


def step(name: str) -> Any:
    return lambda state: {"log": [*state.get("log", []), name]}


def run() -> object:
    builder = StateGraph(State)
    for name in ("draft", "critical_node", "review_node"):
        builder.add_node(name, step(name))
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "critical_node")
    builder.add_edge("critical_node", "review_node")
    builder.add_edge("review_node", END)
    graph = builder.compile(
        checkpointer=MemorySaver(),
        interrupt_before=["critical_node"],
        interrupt_after=["review_node"],
    )
    return graph.get_graph().draw_mermaid()
