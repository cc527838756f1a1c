"""Seed static breakpoints under ainvoke on durable async savers: compile-time interrupt_before /
interrupt_after stepped with ainvoke(None), per-call breakpoints, and astream through them."""

import asyncio
import operator
import os
import tempfile
import uuid
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.graph import END, START, StateGraph

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict):
    log: Annotated[list[str], operator.add]


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    async def anode(state: State) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"log": [name]}

    return anode if name.startswith("critical") else node


def builder() -> Any:
    b = StateGraph(State)
    for name in ("prepare", "review_node", "critical_node", "finish"):
        b.add_node(name, step(name))
    b.add_edge(START, "prepare")
    b.add_edge("prepare", "review_node")
    b.add_edge("review_node", "critical_node")
    b.add_edge("critical_node", "finish")
    b.add_edge("finish", END)
    return b


def thread(label: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": f"{label}-{uuid.uuid4()}"}}


async def snapshot(graph: Any, config: Any) -> object:
    state = await graph.aget_state(config)
    return {"next": state.next, "interrupts": state.interrupts, "step": state.metadata["step"]}


async def scenario(saver: Any) -> object:
    graph = builder().compile(
        checkpointer=saver, interrupt_before=["critical_node"], interrupt_after=["review_node"]
    )
    config = thread("compiled")
    compiled: list[object] = [await graph.ainvoke({"log": []}, config)]
    compiled.append(await snapshot(graph, config))
    for _ in range(3):
        compiled.append(await graph.ainvoke(None, config))
        compiled.append(await snapshot(graph, config))
    plain = builder().compile(checkpointer=saver)
    config = thread("per-call")
    per_call: list[object] = [
        await plain.ainvoke({"log": []}, config, interrupt_before=["finish"]),
        await snapshot(plain, config),
        await plain.ainvoke(None, config, interrupt_after=["finish"]),
        await snapshot(plain, config),
    ]
    config = thread("streamed")
    streamed = [
        [c async for c in graph.astream({"log": []}, config, stream_mode="updates")],
        [c async for c in graph.astream(None, config, stream_mode=["updates", "values"])],
        [c async for c in graph.astream(None, config, stream_mode="values")],
        await snapshot(graph, config),
    ]
    return {"compiled": compiled, "per_call": per_call, "streamed": streamed}


async def observe() -> object:
    observed: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "threads.db")
        async with AsyncSqliteSaver.from_conn_string(path) as saver:
            observed["sqlite"] = await scenario(saver)
    async with AsyncPostgresSaver.from_conn_string(PG) as saver:
        await saver.setup()
        observed["postgres"] = await scenario(saver)
    return observed


def run() -> object:
    return asyncio.run(observe())
