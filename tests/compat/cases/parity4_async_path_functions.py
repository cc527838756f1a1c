"""`async def` path functions of conditional edges (from START, from a sync node, from an async
node, with a path_map, returning Send): awaited under ainvoke/astream; a sync invoke raises."""

import asyncio
import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Send, interrupt


class State(TypedDict, total=False):
    n: int
    path: Annotated[list[str], operator.add]


async def from_start(state: State) -> str:
    await asyncio.sleep(0)
    return "inc"


async def size(state: State) -> str:
    return "big" if state["n"] > 5 else "small"


async def fan(state: State) -> list[Send]:
    return [Send("mark", {"n": i}) for i in range(3)]


def inc(state: State) -> dict[str, Any]:
    return {"n": state["n"] + 1, "path": ["inc"]}


async def big(state: State) -> dict[str, Any]:
    return {"path": ["big"]}


def small(state: State) -> dict[str, Any]:
    return {"path": [f"small:{interrupt('why small?')}"]}


def mark(state: State) -> dict[str, Any]:
    return {"path": [f"mark{state['n']}"]}


def build() -> Any:
    builder = StateGraph(State)
    for name, fn in (("inc", inc), ("big", big), ("small", small), ("mark", mark)):
        builder.add_node(name, fn)
    builder.add_conditional_edges(START, from_start)
    builder.add_conditional_edges("inc", size, {"big": "big", "small": "small"})
    builder.add_conditional_edges("big", fan)
    builder.add_edge("small", END)
    builder.add_edge("mark", END)
    return builder.compile(checkpointer=InMemorySaver())


async def observe() -> object:
    graph = build()
    big_run = await graph.ainvoke({"n": 9}, {"configurable": {"thread_id": "big"}})
    small = {"configurable": {"thread_id": "small"}}
    chunks = [c async for c in graph.astream({"n": 1}, small, stream_mode="updates")]
    resumed = await graph.ainvoke(Command(resume="because"), small)
    return {
        "big": {**big_run, "path": sorted(big_run["path"])},
        "small stream": [
            {k: ([i.value for i in v] if k == "__interrupt__" else v) for k, v in c.items()}
            for c in chunks
        ],
        "small resumed": resumed,
    }


def run() -> object:
    observed: dict[str, object] = {"async": asyncio.run(observe())}
    try:
        observed["sync"] = build().invoke({"n": 1}, {"configurable": {"thread_id": "s"}})
    except Exception as error:
        observed["sync"] = {"raises": type(error).__name__, "message": str(error)}
    return observed
