"""A plain Command(resume=...) after aupdate_state on a paused thread (the update's checkpoint has
no pending interrupt, so the answer goes to the first interrupt() the node calls): the history
shows no interrupt at that checkpoint, on AsyncSqliteSaver and AsyncPostgresSaver."""

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
    draft: str
    verdict: str


async def review(state: State) -> dict[str, Any]:
    verdict = interrupt({"draft": state["draft"]})
    return {"verdict": f"{verdict} on {state['draft']}"}


def build(saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("review", review)
    builder.add_edge(START, "review")
    builder.add_edge("review", END)
    return builder.compile(checkpointer=saver)


async def scenario(saver: Any) -> object:
    graph = build(saver)
    config = {"configurable": {"thread_id": f"plain-{uuid.uuid4()}"}}
    await graph.ainvoke({"draft": "v1"}, config)
    await graph.aupdate_state(config, {"draft": "v2"})
    done = await graph.ainvoke(Command(resume="ok"), config)
    return {
        "done": done,
        "history": [
            (
                h.metadata["step"],
                h.metadata["source"],
                h.next,
                h.interrupts,
                [(t.name, t.interrupts) for t in h.tasks],
            )
            async for h in graph.aget_state_history(config)
        ],
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
