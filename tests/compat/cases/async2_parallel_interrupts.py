"""Parallel interrupts in one step under ainvoke/astream on durable async savers (a sync and an
async branch): answered by a resume map one at a time over two resumes, then both at once."""

import asyncio
import os
import tempfile
import uuid
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict, total=False):
    legal: str
    finance: str
    summary: str


def legal(state: State) -> dict[str, Any]:
    return {"legal": interrupt("legal ok?")}


async def finance(state: State) -> dict[str, Any]:
    await asyncio.sleep(0)
    return {"finance": interrupt("finance ok?")}


def join(state: State) -> dict[str, Any]:
    return {"summary": f"{state['legal']}/{state['finance']}"}


def build(saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("legal", legal)
    builder.add_node("finance", finance)
    builder.add_node("join", join)
    builder.add_edge(START, "legal")
    builder.add_edge(START, "finance")
    builder.add_edge(["legal", "finance"], "join")
    builder.add_edge("join", END)
    return builder.compile(checkpointer=saver)


def by_value(interrupts: Any) -> list[Any]:
    return sorted(interrupts, key=lambda i: repr(i.value))


def sorted_output(output: Any) -> Any:
    """Parallel tasks finish in any order; sort `__interrupt__` by question to compare."""
    if isinstance(output, dict) and "__interrupt__" in output:
        return {**output, "__interrupt__": by_value(output["__interrupt__"])}
    return output


def question(chunk: Any) -> str:
    """An interrupt chunk's questions, without its ids (which differ on every run)."""
    return repr([i.value for i in chunk.get("__interrupt__", ())])


async def scenario(saver: Any) -> object:
    graph = build(saver)
    observed: dict[str, object] = {}
    config = {"configurable": {"thread_id": f"one-by-one-{uuid.uuid4()}"}}
    observed["paused"] = sorted_output(await graph.ainvoke({}, config))
    paused = await graph.aget_state(config)
    observed["paused_state"] = (
        paused.next,
        by_value(paused.interrupts),
        sorted((t.name, t.interrupts) for t in paused.tasks),
    )
    ids = {i.value: i.id for i in paused.interrupts}
    observed["after_legal"] = sorted_output(
        await graph.ainvoke(Command(resume={ids["legal ok?"]: "L"}), config)
    )
    middle = await graph.aget_state(config)
    observed["middle"] = (
        middle.values,
        middle.next,
        middle.interrupts,
        [(t.name, t.interrupts, t.result) for t in middle.tasks],
    )
    observed["after_finance"] = await graph.ainvoke(
        Command(resume={ids["finance ok?"]: "F"}), config
    )
    observed["history"] = [
        (h.metadata["step"], h.metadata["source"], h.next, len(h.interrupts))
        async for h in graph.aget_state_history(config)
    ]
    config = {"configurable": {"thread_id": f"together-{uuid.uuid4()}"}}
    streamed_pause = [c async for c in graph.astream({}, config, stream_mode="updates")]
    ids = {i.value: i.id for i in (await graph.aget_state(config)).interrupts}
    resume = Command(resume={ids["legal ok?"]: "L2", ids["finance ok?"]: "F2"})
    observed["together"] = {
        "paused": sorted((sorted_output(c) for c in streamed_pause), key=question),
        "resumed": sorted(
            [c async for c in graph.astream(resume, config, stream_mode="updates")], key=repr
        ),
        "final": (await graph.aget_state(config)).values,
    }
    return observed


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
