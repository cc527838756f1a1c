"""Async code reached from a sync run: an async `@task` called while a sync `invoke` runs raises
at the call (LangGraph's RuntimeError), and an async entrypoint or node run with `invoke` raises
LangGraph's TypeError naming it; the same graphs then run with `ainvoke`."""

import asyncio
from typing import Any

from typing_extensions import TypedDict

from signoff.func import entrypoint, task
from signoff.graph import START, StateGraph


@task
async def echo(x: int) -> int:
    return x


@entrypoint()
def sync_flow(x: int) -> int:
    return echo(x).result()


@entrypoint()
async def async_flow(x: int) -> int:
    return await echo(x)


class State(TypedDict):
    x: int


async def bump(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1}


def outcome(call: Any) -> object:
    try:
        return {"result": call()}
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error)}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("bump", bump)
    builder.add_edge(START, "bump")
    graph = builder.compile()
    return {
        "async task in sync run": outcome(lambda: sync_flow.invoke(1)),
        "async entrypoint invoked": outcome(lambda: async_flow.invoke(1)),
        "async node invoked": outcome(lambda: graph.invoke({"x": 1})),
        "async entrypoint ainvoked": outcome(lambda: asyncio.run(async_flow.ainvoke(1))),
        "async node ainvoked": outcome(lambda: asyncio.run(graph.ainvoke({"x": 1}))),
    }
