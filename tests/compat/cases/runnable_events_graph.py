"""`astream_events` on a two-node graph: the graph's and each node's start/stream/end events, their
tags, metadata and parent ids; the filters; `run_name`/`run_id`; kwargs passed to `astream`;
and the older `version="v1"` schema."""

import asyncio
import uuid
import warnings
from typing import Any, TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict):
    x: int


async def add_one(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1}


def double(state: State) -> dict[str, Any]:
    return {"x": state["x"] * 2}


def run() -> object:
    graph = (
        StateGraph(State)
        .add_node("add_one", add_one)
        .add_node("double", double, metadata={"kind": "math"})
        .add_edge(START, "add_one")
        .add_edge("add_one", "double")
        .compile()
    )
    config = {"tags": ["mine"], "metadata": {"user": "u1"}, "configurable": {"thread_id": "t"}}

    async def events(version: str = "v2", cfg: Any = None, **kwargs: Any) -> list[Any]:
        return [e async for e in graph.astream_events({"x": 1}, cfg, version=version, **kwargs)]

    async def observe() -> object:
        run_id = uuid.UUID("00000000-0000-4000-8000-000000000001")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # langchain_core deprecates v1
            v1 = await events("v1")
        named = await events(cfg={"run_name": "mine", "run_id": run_id})
        return {
            "v2": await events(cfg=config),
            "include_names": await events(include_names=["double"]),
            "include_types": await events(include_types=["chain"], exclude_names=["LangGraph"]),
            "include_tags": await events(include_tags=["graph:step:2"]),
            "exclude_tags": await events(exclude_tags=["graph:step:1"]),
            "values_mode": await events(stream_mode="values", include_names=["LangGraph"]),
            "named": [(e["event"], e["name"], e["run_id"] == str(run_id)) for e in named],
            "v1": v1,
        }

    return asyncio.run(observe())
