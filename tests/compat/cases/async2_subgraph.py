"""A subgraph's interrupt resumed through the parent under ainvoke, and astream(subgraphs=True)
namespaces through the pause and the resume, on durable async savers; sync and async nodes."""

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
    log: Annotated[list[str], operator.add]
    answer: str


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return node


async def ask(state: State) -> dict[str, Any]:
    await asyncio.sleep(0)
    answer = interrupt({"question": "continue?", "seen": state["log"]})
    return {"answer": answer, "log": [f"ask:{answer}"]}


def build(saver: Any) -> Any:
    inner = StateGraph(State)
    inner.add_node("inner_a", step("inner_a"))
    inner.add_node("ask", ask)
    inner.add_edge(START, "inner_a")
    inner.add_edge("inner_a", "ask")
    inner.add_edge("ask", END)
    outer = StateGraph(State)
    outer.add_node("outer_a", step("outer_a"))
    outer.add_node("child", inner.compile())
    outer.add_node("outer_b", step("outer_b"))
    outer.add_edge(START, "outer_a")
    outer.add_edge("outer_a", "child")
    outer.add_edge("child", "outer_b")
    outer.add_edge("outer_b", END)
    return outer.compile(checkpointer=saver)


async def scenario(saver: Any) -> object:
    graph = build(saver)
    observed: dict[str, object] = {}
    config = {"configurable": {"thread_id": f"invoke-{uuid.uuid4()}"}}
    paused = await graph.ainvoke({"log": []}, config)
    state = await graph.aget_state(config, subgraphs=True)
    child_state = state.tasks[0].state if state.tasks else None
    done = await graph.ainvoke(Command(resume="go"), config)
    observed["invoke"] = {
        "paused": paused,
        "state": (state.next, state.interrupts, [(t.name, t.interrupts) for t in state.tasks]),
        "child_state": None
        if child_state is None
        else (child_state.next, child_state.values, child_state.interrupts),
        "done": done,
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next, len(h.interrupts))
            async for h in graph.aget_state_history(config)
        ],
    }
    modes: dict[str, Any] = {
        "updates": "updates",
        "values": "values",
        "both": ["updates", "values"],
    }
    for name, mode in modes.items():
        config = {"configurable": {"thread_id": f"{name}-{uuid.uuid4()}"}}
        observed[name] = [
            [c async for c in graph.astream({"log": []}, config, stream_mode=mode, subgraphs=True)],
            [
                c
                async for c in graph.astream(
                    Command(resume="go"), config, stream_mode=mode, subgraphs=True
                )
            ],
        ]
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
