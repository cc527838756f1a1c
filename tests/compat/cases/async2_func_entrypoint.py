"""Functional API under ainvoke/astream on durable async savers: an async entrypoint awaiting a
sync and an async @task, then interrupting; a sync entrypoint calling an async @task with
`.result()`; `.result()` in async code; entrypoint.final with `previous` across two runs on a thread."""

import asyncio
import os
import tempfile
import uuid
from typing import Any

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"

CALLS: list[str] = []


@task
def double(x: int) -> int:
    CALLS.append(f"double:{x}")
    return x * 2


@task
async def describe(x: int) -> str:
    await asyncio.sleep(0)
    CALLS.append(f"describe:{x}")
    return f"value {x}"


def flows(saver: Any) -> dict[str, Any]:
    @entrypoint(checkpointer=saver)
    async def review(x: int) -> dict[str, Any]:
        doubled = await double(x)
        text, again = await asyncio.gather(describe(doubled), double(doubled))
        answer = interrupt({"text": text, "again": again})
        return {"doubled": doubled, "text": text, "answer": answer}

    @entrypoint(checkpointer=saver)
    def sync_review(x: int) -> dict[str, Any]:
        doubled = double(x).result()
        text = describe(doubled).result()
        answer = interrupt(text)
        return {"text": text, "answer": answer}

    @entrypoint(checkpointer=saver)
    async def counter(n: int, *, previous: Any = None) -> entrypoint.final[int, int]:
        total = (previous or 0) + n
        return entrypoint.final(value=n * 100, save=total)

    return {"review": review, "sync_review": sync_review, "counter": counter}


@entrypoint()
async def result_in_async(x: int) -> dict[str, Any]:
    """`.result()` on a task called from async code: the call has not run yet."""
    out: dict[str, Any] = {}
    futures = {"sync": double(x), "async": describe(x)}
    for name, future in futures.items():
        out[f"{name} done"] = future.done()
        try:
            out[name] = future.result()
        except Exception as error:
            out[name] = type(error).__name__
    for name, future in futures.items():
        out[f"{name} awaited"] = await future
        out[f"{name} done after"] = future.done()
    return out


async def resumed(flow: Any, start: Any, answer: Any, label: str) -> object:
    CALLS.clear()
    config = {"configurable": {"thread_id": f"{label}-{uuid.uuid4()}"}}
    paused = await flow.ainvoke(start, config)
    calls_paused = sorted(CALLS)
    state = await flow.aget_state(config)
    CALLS.clear()
    done = await flow.ainvoke(Command(resume=answer), config)
    return {
        "paused": paused,
        "calls_paused": calls_paused,
        "state": (state.next, state.values, [(t.name, t.interrupts) for t in state.tasks]),
        "done": done,
        "calls_on_resume": sorted(CALLS),
        "final": (await flow.aget_state(config)).values,
    }


async def scenario(saver: Any) -> object:
    f = flows(saver)
    observed: dict[str, object] = {
        "async": await resumed(f["review"], 3, "fine", "async"),
        "sync": await resumed(f["sync_review"], 4, "ok", "sync"),
    }
    CALLS.clear()
    config = {"configurable": {"thread_id": f"stream-{uuid.uuid4()}"}}
    observed["stream"] = [
        [c async for c in f["review"].astream(5, config, stream_mode="updates")],
        [c async for c in f["review"].astream(Command(resume="s"), config, stream_mode="updates")],
    ]
    observed["result_in_async"] = await result_in_async.ainvoke(7)
    config = {"configurable": {"thread_id": f"counter-{uuid.uuid4()}"}}
    results = [await f["counter"].ainvoke(n, config) for n in (1, 2)]
    state = await f["counter"].aget_state(config)
    observed["counter"] = {
        "results": results,
        "state": (state.values, state.next, state.metadata),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.values)
            async for h in f["counter"].aget_state_history(config)
        ],
        "streamed": [
            c async for c in f["counter"].astream(3, config, stream_mode=["updates", "values"])
        ],
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
