"""Several threads paused and resumed at once (asyncio.gather) on one durable async saver:
AsyncSqliteSaver, AsyncPostgresSaver on a user-made AsyncConnection (autocommit, dict_row, as
LangGraph's docs make it) and on an AsyncConnectionPool; each thread keeps its own state."""

import asyncio
import os
import tempfile
import uuid
from typing import Any, Literal

from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict, total=False):
    n: int
    result: str


def ask(state: State) -> Command[Literal["yes", "no"]]:
    ok = interrupt({"n": state["n"]})
    return Command(goto="yes" if ok else "no")


async def yes(state: State) -> dict[str, Any]:
    await asyncio.sleep(0)
    return {"result": f"{state['n']} approved"}


def no(state: State) -> dict[str, Any]:
    return {"result": f"{state['n']} rejected"}


def build(saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_node("yes", yes)
    builder.add_node("no", no)
    builder.add_edge(START, "ask")
    builder.add_edge("yes", END)
    builder.add_edge("no", END)
    return builder.compile(checkpointer=saver)


async def scenario(saver: Any) -> object:
    graph = build(saver)
    configs = [{"configurable": {"thread_id": f"t{n}-{uuid.uuid4()}"}} for n in range(4)]
    paused = await asyncio.gather(
        *(graph.ainvoke({"n": n}, config) for n, config in enumerate(configs))
    )
    done = await asyncio.gather(
        *(graph.ainvoke(Command(resume=n % 2 == 0), config) for n, config in enumerate(configs))
    )
    states = [await graph.aget_state(config) for config in configs]
    return {
        "paused": [p["__interrupt__"][0].value for p in paused],
        "done": done,
        "states": [(s.values, s.next, s.metadata["step"]) for s in states],
    }


async def observe() -> object:
    observed: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "threads.db")
        async with AsyncSqliteSaver.from_conn_string(path) as saver:
            observed["sqlite"] = await scenario(saver)
    async with await AsyncConnection.connect(PG, autocommit=True, row_factory=dict_row) as conn:
        saver = AsyncPostgresSaver(conn)
        await saver.setup()
        observed["postgres connection"] = await scenario(saver)
    kwargs = {"autocommit": True, "row_factory": dict_row}
    async with AsyncConnectionPool(PG, min_size=1, max_size=4, kwargs=kwargs, open=False) as pool:
        saver = AsyncPostgresSaver(pool)
        await saver.setup()
        observed["postgres pool"] = await scenario(saver)
    return observed


def run() -> object:
    return asyncio.run(observe())
