"""A subgraph run from inside a node function under the parent's ainvoke, on durable async
savers: an async node awaiting `inner.ainvoke`, a sync node (on a worker thread) calling
`inner.invoke`; the inner interrupt pauses the parent and the resume re-runs the outer node."""

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

CALLS: list[str] = []


class Inner(TypedDict, total=False):
    question: str
    reply: str


class Outer(TypedDict, total=False):
    topic: str
    result: str


def ask(state: Inner) -> dict[str, Any]:
    CALLS.append("ask")
    return {"reply": interrupt(state["question"])}


def inner_graph() -> Any:
    builder = StateGraph(Inner)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    return builder.compile()


def build(saver: Any, use_async: bool) -> Any:
    inner = inner_graph()

    async def acall_inner(state: Outer) -> dict[str, Any]:
        CALLS.append("outer")
        out = await inner.ainvoke({"question": f"about {state['topic']}?"})
        return {"result": out["reply"]}

    def call_inner(state: Outer) -> dict[str, Any]:
        CALLS.append("outer")
        out = inner.invoke({"question": f"about {state['topic']}?"})
        return {"result": out["reply"]}

    outer = StateGraph(Outer)
    outer.add_node("call_inner", acall_inner if use_async else call_inner)
    outer.add_edge(START, "call_inner")
    outer.add_edge("call_inner", END)
    return outer.compile(checkpointer=saver)


async def resumed(graph: Any, label: str) -> object:
    CALLS.clear()
    config = {"configurable": {"thread_id": f"{label}-{uuid.uuid4()}"}}
    paused = await graph.ainvoke({"topic": "tea"}, config)
    flat = await graph.aget_state(config)
    deep = await graph.aget_state(config, subgraphs=True)
    done = await graph.ainvoke(Command(resume="green"), config)
    return {
        "paused": paused,
        "flat": (flat.next, flat.interrupts, [(t.name, t.path) for t in flat.tasks]),
        "deep": [
            None if t.state is None else (t.state.next, t.state.values, t.state.interrupts)
            for t in deep.tasks
        ],
        "done": done,
        "calls": list(CALLS),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next)
            async for h in graph.aget_state_history(config)
        ],
    }


async def scenario(saver: Any) -> object:
    return {
        "async node": await resumed(build(saver, True), "async"),
        "sync node": await resumed(build(saver, False), "sync"),
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
