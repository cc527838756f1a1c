"""Durable async savers under each durability mode (exit / async / sync) through a pause and a
resume, and an async entrypoint gathering an async and a sync @task that both interrupt,
answered by a resume map over two resumes."""

import asyncio
import os
import tempfile
import uuid
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict, total=False):
    a: str
    b: str


def first(state: State) -> dict[str, Any]:
    return {"a": "A"}


async def second(state: State) -> dict[str, Any]:
    return {"b": interrupt("b?")}


@task
async def ask_async(name: str) -> str:
    return f"{name}={interrupt(f'{name}?')}"


@task
def ask_sync(name: str) -> str:
    return f"{name}={interrupt(f'{name}?')}"


def questions(interrupts: Any) -> list[Any]:
    return sorted(i.value for i in interrupts)


async def durability(saver: Any) -> object:
    builder = StateGraph(State)
    builder.add_node("first", first)
    builder.add_node("second", second)
    builder.add_edge(START, "first")
    builder.add_edge("first", "second")
    builder.add_edge("second", END)
    graph = builder.compile(checkpointer=saver)
    observed: dict[str, object] = {}
    for mode in ("exit", "async", "sync"):
        config = {"configurable": {"thread_id": f"{mode}-{uuid.uuid4()}"}}
        paused = [
            c async for c in graph.astream({}, config, durability=mode, stream_mode="updates")
        ]
        state = await graph.aget_state(config)
        done = await graph.ainvoke(Command(resume="B"), config, durability=mode)
        observed[mode] = {
            "paused": paused,
            "state": (state.next, state.interrupts),
            "done": done,
            "history": [
                (h.metadata["step"], h.metadata["source"], h.next)
                async for h in graph.aget_state_history(config)
            ],
        }
    return observed


async def gathered(saver: Any) -> object:
    @entrypoint(checkpointer=saver)
    async def flow(x: int) -> list[str]:
        return list(await asyncio.gather(ask_async("a"), ask_sync("s")))

    config = {"configurable": {"thread_id": f"gather-{uuid.uuid4()}"}}
    paused = await flow.ainvoke(1, config)
    state = await flow.aget_state(config)
    ids = {i.value: i.id for i in state.interrupts}
    first = await flow.ainvoke(Command(resume={ids["a?"]: "A"}), config)
    middle = await flow.aget_state(config)
    last = await flow.ainvoke(Command(resume={i.id: "S" for i in middle.interrupts}), config)
    return {
        "paused": questions(paused["__interrupt__"]),
        "pending": questions(state.interrupts),
        "first": first,
        "middle": questions(middle.interrupts),
        "last": last,
    }


async def scenario(saver: Any) -> object:
    return {"durability": await durability(saver), "gather": await gathered(saver)}


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
