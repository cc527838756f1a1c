"""version="v2": typed stream parts ({type, ns, data[, interrupts]}) and invoke's GraphOutput,
with dataclass state built into the schema."""

import asyncio
import operator
from dataclasses import dataclass
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.config import get_stream_writer
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    get_stream_writer()({"progress": "a"})
    return {"log": ["a"]}


def b(state: State) -> dict[str, Any]:
    return {"log": ["b:" + interrupt("continue?")]}


@dataclass
class Counter:
    x: int = 0


def inc(state: Counter) -> dict[str, Any]:
    return {"x": state.x + 1}


def run() -> object:
    out: dict[str, object] = {}
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("b", b)
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    out["default_mode"] = list(graph.stream({"log": []}, config, version="v2"))
    out["resumed"] = list(
        graph.stream(
            Command(resume="yes"),
            config,
            stream_mode=["values", "updates", "custom"],
            version="v2",
        )
    )
    config = {"configurable": {"thread_id": "2"}}
    out["values_mode"] = list(graph.stream({"log": []}, config, stream_mode="values", version="v2"))
    config = {"configurable": {"thread_id": "3"}}
    paused = graph.invoke({"log": []}, config, version="v2")
    done = graph.invoke(Command(resume="ok"), config, version="v2")
    out["invoke"] = [
        type(paused).__name__,
        paused.value,
        paused.interrupts,
        done.value,
        done.interrupts,
    ]
    config = {"configurable": {"thread_id": "4"}}
    out["invoke_updates"] = graph.invoke({"log": []}, config, stream_mode="updates", version="v2")
    counter = StateGraph(Counter)
    counter.add_node("inc", inc)
    counter.add_edge(START, "inc")
    compiled = counter.compile()
    out["dataclass_invoke"] = [
        compiled.invoke({"x": 1}, version="v2").value,
        compiled.invoke({"x": 1}),
    ]
    out["dataclass_stream"] = list(
        compiled.stream({"x": 1}, stream_mode=["values", "updates"], version="v2")
    )

    async def astream() -> list[object]:
        parts = [p async for p in compiled.astream({"x": 1}, version="v2")]
        result = await compiled.ainvoke({"x": 5}, version="v2")
        return [parts, result.value, result.interrupts]

    out["async"] = asyncio.run(astream())
    child = StateGraph(State)
    child.add_node("a", a)
    child.add_edge(START, "a")
    parent = StateGraph(State)
    parent.add_node("child", child.compile())
    parent.add_edge(START, "child")
    out["subgraphs"] = list(
        parent.compile().stream({"log": []}, stream_mode="updates", subgraphs=True, version="v2")
    )
    return out
