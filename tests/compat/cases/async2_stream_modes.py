"""astream around an interrupt on durable async savers: stream_mode values / updates /
["updates", "values"] through the pause and the resume, sync and async nodes alike."""

import asyncio
import operator
import os
import tempfile
import uuid
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict, total=False):
    topic: str
    reply: str
    log: Annotated[list[str], operator.add]


async def write(state: State) -> dict[str, Any]:
    await asyncio.sleep(0)
    return {"reply": f"About {state['topic']}: by Friday.", "log": ["write"]}


def review(state: State) -> Command[Literal["publish", "discard"]]:
    ok = interrupt({"question": "Publish?", "reply": state["reply"]})
    return Command(goto="publish" if ok else "discard", update={"log": [f"review:{ok}"]})


def publish(state: State) -> dict[str, Any]:
    return {"log": ["publish"]}


async def discard(state: State) -> dict[str, Any]:
    return {"log": ["discard"]}


def build(saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("write", write)
    builder.add_node("review", review)
    builder.add_node("publish", publish)
    builder.add_node("discard", discard)
    builder.add_edge(START, "write")
    builder.add_edge("write", "review")
    builder.add_edge("publish", END)
    builder.add_edge("discard", END)
    return builder.compile(checkpointer=saver)


async def scenario(saver: Any) -> object:
    graph = build(saver)
    observed: dict[str, object] = {}
    modes: dict[str, Any] = {
        "values": "values",
        "updates": "updates",
        "updates+values": ["updates", "values"],
    }
    for name, mode in modes.items():
        for answer in (True, False):
            config = {"configurable": {"thread_id": f"{name}-{answer}-{uuid.uuid4()}"}}
            runs = []
            for payload in ({"topic": "pricing", "log": []}, Command(resume=answer)):
                runs.append([c async for c in graph.astream(payload, config, stream_mode=mode)])
            state = await graph.aget_state(config)
            observed[f"{name}-{answer}"] = {
                "runs": runs,
                "next": state.next,
                "values": state.values,
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
