"""A sync `invoke` made while an event loop runs in the same thread (as in a Jupyter cell):
`@task(...).result()` in a sync entrypoint and in a sync node runs the task inline; an async
entrypoint awaiting a sync task, run with `ainvoke` in the same loop, runs it too."""

import asyncio
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint, task
from signoff.graph import START, StateGraph


@task
def double(x: int) -> int:
    return x * 2


@entrypoint(checkpointer=InMemorySaver())
def flow(x: int) -> int:
    return double(x).result() + 1


@entrypoint(checkpointer=InMemorySaver())
async def aflow(x: int) -> int:
    return await double(x) + 1


class State(TypedDict):
    x: int


def node(state: State) -> dict[str, Any]:
    return {"x": double(state["x"]).result()}


async def observe() -> object:
    builder = StateGraph(State)
    builder.add_node("n", node)
    builder.add_edge(START, "n")
    graph = builder.compile()
    config: Any = {"configurable": {"thread_id": "1"}}
    return {
        "entrypoint": flow.invoke(3, config),
        "graph": graph.invoke({"x": 4}),
        "async entrypoint": await aflow.ainvoke(5, config),
        "graph under ainvoke": await graph.ainvoke({"x": 6}),
    }


def run() -> object:
    return asyncio.run(observe())
