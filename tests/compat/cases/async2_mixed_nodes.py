"""Sync and async nodes in one step (parallel branches) under ainvoke/astream on durable async
savers; a sync node calls a sync @task and an async @task (`.result()`), then pauses; the
resume replays the recorded task results instead of running the tasks again."""

import asyncio
import operator
import os
import tempfile
import uuid
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.func import task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"

CALLS: list[str] = []


class State(TypedDict, total=False):
    topic: str
    log: Annotated[list[str], operator.add]
    answer: str


@task
def slug(text: str) -> str:
    CALLS.append(f"slug:{text}")
    return text.lower().replace(" ", "-")


@task
async def shout(text: str) -> str:
    await asyncio.sleep(0)
    CALLS.append(f"shout:{text}")
    return text.upper()


def sync_branch(state: State) -> dict[str, Any]:
    return {"log": [f"sync:{state['topic']}"]}


async def async_branch(state: State) -> dict[str, Any]:
    await asyncio.sleep(0)
    return {"log": [f"async:{state['topic']}"]}


def with_tasks(state: State) -> dict[str, Any]:
    first = slug(state["topic"]).result()
    loud = shout(state["topic"]).result()
    answer = interrupt({"slug": first, "loud": loud})
    return {"log": [f"tasks:{first}:{loud}"], "answer": answer}


async def join(state: State) -> dict[str, Any]:
    return {"log": [f"join:{len(state['log'])}"]}


def build(saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("sync_branch", sync_branch)
    builder.add_node("async_branch", async_branch)
    builder.add_node("with_tasks", with_tasks)
    builder.add_node("join", join)
    for name in ("sync_branch", "async_branch", "with_tasks"):
        builder.add_edge(START, name)
    builder.add_edge(["sync_branch", "async_branch", "with_tasks"], "join")
    builder.add_edge("join", END)
    return builder.compile(checkpointer=saver)


async def scenario(saver: Any) -> object:
    graph = build(saver)
    observed: dict[str, object] = {}
    CALLS.clear()
    config = {"configurable": {"thread_id": f"invoke-{uuid.uuid4()}"}}
    paused = await graph.ainvoke({"topic": "Big News", "log": []}, config)
    calls_paused = sorted(CALLS)
    state = await graph.aget_state(config)
    CALLS.clear()
    done = await graph.ainvoke(Command(resume="yes"), config)
    observed["invoke"] = {
        "paused": paused,
        "calls_paused": calls_paused,
        "state": (
            state.next,
            state.values,
            [(t.name, t.interrupts, t.result) for t in state.tasks],
        ),
        "done": done,
        "calls_on_resume": sorted(CALLS),
    }
    CALLS.clear()
    config = {"configurable": {"thread_id": f"stream-{uuid.uuid4()}"}}
    first = [
        c
        async for c in graph.astream(
            {"topic": "Small", "log": []}, config, stream_mode=["updates", "values"]
        )
    ]
    second = [
        c
        async for c in graph.astream(
            Command(resume="ok"), config, stream_mode=["updates", "values"]
        )
    ]
    observed["stream"] = {"first": sort_updates(first), "second": second, "calls": sorted(CALLS)}
    return observed


def sort_updates(chunks: list[Any]) -> list[Any]:
    """Updates of parallel tasks arrive as each finishes: sort those of one step by node."""
    updates = sorted((c for c in chunks if c[0] == "updates"), key=lambda c: repr(c[1]))
    return [*updates, *(c for c in chunks if c[0] != "updates")]


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
