"""Static breakpoints (for debugging): pause before or after named nodes, step on with None.

`interrupt_before=["critical_node"]` stops before that node runs; `interrupt_after=["review_node"]`
stops right after it. `graph.invoke(None, config)` continues to the next stop. For production
human-in-the-loop use `interrupt()` instead. Run it: `python examples/static_breakpoints.py`.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict):
    request: str
    log: Annotated[list[str], operator.add]


def prepare(state: State) -> dict[str, Any]:
    return {"log": [f"prepared {state['request']}"]}


def review_node(state: State) -> dict[str, Any]:
    return {"log": ["reviewed"]}


def schedule(state: State) -> dict[str, Any]:
    return {"log": ["scheduled"]}


def critical_node(state: State) -> dict[str, Any]:
    return {"log": ["executed"]}


def finish(state: State) -> dict[str, Any]:
    return {"log": ["finished"]}


builder = StateGraph(State)
builder.add_node("prepare", prepare)
builder.add_node("review_node", review_node)
builder.add_node("schedule", schedule)
builder.add_node("critical_node", critical_node)
builder.add_node("finish", finish)
builder.add_edge(START, "prepare")
builder.add_edge("prepare", "review_node")
builder.add_edge("review_node", "schedule")
builder.add_edge("schedule", "critical_node")
builder.add_edge("critical_node", "finish")
builder.add_edge("finish", END)

graph = builder.compile(
    checkpointer=InMemorySaver(),
    interrupt_before=["critical_node"],
    interrupt_after=["review_node"],
)


if __name__ == "__main__":
    config = {"configurable": {"thread_id": "debug-1"}}

    # Run until the first breakpoint (after review_node), then step: the next stop is before
    # critical_node, and the last run goes to the end.
    result = graph.invoke({"request": "deploy", "log": []}, config=config)
    print(result["log"], "next:", graph.get_state(config).next)

    # Step through by resuming with None until nothing is next.
    while graph.get_state(config).next:
        result = graph.invoke(None, config=config)
        print(result["log"], "next:", graph.get_state(config).next)
