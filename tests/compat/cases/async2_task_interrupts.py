"""Interrupts raised inside @task calls under ainvoke on durable async savers: a sync @task
awaited by an async entrypoint and by an async node, an async @task a sync node waits for with
`.result()`; each resumes with the task's answer and earlier task results replayed."""

import asyncio
import operator
import os
import tempfile
import uuid
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"

CALLS: list[str] = []


class State(TypedDict, total=False):
    topic: str
    log: Annotated[list[str], operator.add]


@task
def prepare(text: str) -> str:
    CALLS.append(f"prepare:{text}")
    return f"<{text}>"


@task
def sync_ask(text: str) -> str:
    CALLS.append(f"sync_ask:{text}")
    return f"{text}={interrupt({'sync question': text})}"


@task
async def async_ask(text: str) -> str:
    await asyncio.sleep(0)
    CALLS.append(f"async_ask:{text}")
    return f"{text}={interrupt({'async question': text})}"


async def async_node(state: State) -> dict[str, Any]:
    ready = await prepare(state["topic"])
    return {"log": [await sync_ask(ready)]}


def sync_node(state: State) -> dict[str, Any]:
    ready = prepare(state["topic"]).result()
    return {"log": [async_ask(ready).result()]}


def graph_with(node: Any, saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile(checkpointer=saver)


async def resumed(graph: Any, start: Any, label: str) -> object:
    CALLS.clear()
    config = {"configurable": {"thread_id": f"{label}-{uuid.uuid4()}"}}
    paused = await graph.ainvoke(start, config)
    calls_paused = sorted(CALLS)
    state = await graph.aget_state(config)
    CALLS.clear()
    done = await graph.ainvoke(Command(resume="yes"), config)
    return {
        "paused": paused,
        "calls_paused": calls_paused,
        "state": (state.next, state.interrupts, [(t.name, t.interrupts) for t in state.tasks]),
        "done": done,
        "calls_on_resume": sorted(CALLS),
    }


async def scenario(saver: Any) -> object:
    @entrypoint(checkpointer=saver)
    async def flow(text: str) -> str:
        ready = await prepare(text)
        return await sync_ask(ready)

    return {
        "entrypoint": await resumed(flow, "x", "entry"),
        "async node, sync task": await resumed(graph_with(async_node, saver), {"topic": "a"}, "an"),
        "sync node, async task": await resumed(graph_with(sync_node, saver), {"topic": "s"}, "sn"),
    }


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
