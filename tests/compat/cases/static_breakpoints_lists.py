"""Breakpoint lists across parallel branches: which nodes pause together, what next shows."""

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
    for name in ("fork", "left", "right", "merge"):
        builder.add_node(name, step(name))
    builder.add_edge(START, "fork")
    builder.add_edge("fork", "left")
    builder.add_edge("fork", "right")
    builder.add_edge(["left", "right"], "merge")
    builder.add_edge("merge", END)
    graph = builder.compile(
        checkpointer=MemorySaver(),
        interrupt_before=["left", "merge"],
        interrupt_after=["right"],
    )
    config = {"configurable": {"thread_id": "lists"}}
    stops: list[object] = []
    result = graph.invoke({"log": []}, config)
    for _ in range(6):
        state = graph.get_state(config)
        stops.append({"result": result, "next": state.next, "step": state.metadata["step"]})
        if not state.next:
            break
        result = graph.invoke(None, config)
    return stops
