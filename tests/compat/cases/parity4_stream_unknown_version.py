"""`stream()` / `invoke()` / `astream()` with a `version` other than "v2" ("v3", "v0", None, 2)
behave as "v1": plain chunks and a plain dict result, no error."""

import asyncio
from typing import Any

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict):
    x: int


def bump(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1}


async def astream(graph: Any, version: Any) -> list[Any]:
    return [chunk async for chunk in graph.astream({"x": 1}, version=version)]


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("bump", bump)
    builder.add_edge(START, "bump")
    graph = builder.compile()
    seen: dict[str, Any] = {}
    for version in ["v3", "v0", None, 2, "v1", "v2"]:
        seen[repr(version)] = {
            "stream": list(graph.stream({"x": 1}, version=version, stream_mode="values")),
            "invoke": graph.invoke({"x": 1}, version=version),
            "astream": asyncio.run(astream(graph, version)),
        }
    return seen
