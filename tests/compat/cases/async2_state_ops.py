"""aget_state / aget_state_history / aupdate_state (plain and as_node) on a paused thread, on
AsyncSqliteSaver and AsyncPostgresSaver; then the resume sees the update. (What the history shows
of the interrupts after a plain resume of an updated thread: async2_update_state_plain_resume.)"""

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
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict, total=False):
    draft: str
    verdict: str
    log: Annotated[list[str], operator.add]


def draft(state: State) -> dict[str, Any]:
    return {"draft": "v1", "log": ["draft"]}


async def review(state: State) -> dict[str, Any]:
    verdict = interrupt({"draft": state["draft"]})
    return {"verdict": f"{verdict} on {state['draft']}", "log": ["review"]}


def finish(state: State) -> dict[str, Any]:
    return {"log": ["finish"]}


def build(saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("draft", draft)
    builder.add_node("review", review)
    builder.add_node("finish", finish)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "review")
    builder.add_edge("review", "finish")
    builder.add_edge("finish", END)
    return builder.compile(checkpointer=saver)


async def history(graph: Any, config: Any) -> list[object]:
    return [
        (h.metadata["step"], h.metadata["source"], h.next, h.values)
        async for h in graph.aget_state_history(config)
    ]


async def scenario(saver: Any) -> object:
    graph = build(saver)
    observed: dict[str, object] = {}

    config = {"configurable": {"thread_id": f"plain-{uuid.uuid4()}"}}
    await graph.ainvoke({"log": []}, config)
    before = await graph.aget_state(config)
    updated = await graph.aupdate_state(config, {"draft": "v2", "log": ["human"]})
    after = await graph.aget_state(config)
    done = await graph.ainvoke(Command(resume="ok"), config)
    observed["plain"] = {
        "before": before,
        "updated_config": updated,
        "after": after,
        "done": done,
        "history": await history(graph, config),
        "limited": [h.metadata["step"] async for h in graph.aget_state_history(config, limit=2)],
        "updates only": [
            (h.metadata["step"], h.values)
            async for h in graph.aget_state_history(config, filter={"source": "update"})
        ],
        "before the update": [
            h.metadata["step"]
            async for h in graph.aget_state_history(config, before=updated, limit=2)
        ],
    }
    await saver.adelete_thread(config["configurable"]["thread_id"])
    gone = await graph.aget_state(config)
    observed["deleted"] = (
        gone.values,
        gone.next,
        [h async for h in graph.aget_state_history(config)],
    )

    config = {"configurable": {"thread_id": f"as-node-{uuid.uuid4()}"}}
    await graph.ainvoke({"log": []}, config)
    await graph.aupdate_state(config, {"verdict": "by hand", "log": ["human"]}, as_node="review")
    after = await graph.aget_state(config)
    done = await graph.ainvoke(None, config)
    observed["as_node"] = {
        "after": after,
        "done": done,
        "history": await history(graph, config),
    }

    config = {"configurable": {"thread_id": f"as-draft-{uuid.uuid4()}"}}
    await graph.ainvoke({"log": []}, config)
    await graph.aupdate_state(config, {"draft": "v3"}, as_node="draft")
    again = await graph.aget_state(config)
    paused = await graph.ainvoke(None, config)
    done = await graph.ainvoke(Command(resume="fine"), config)
    observed["as_draft"] = {
        "again": (again.next, again.values, [t.name for t in again.tasks]),
        "paused": paused,
        "done": done,
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
