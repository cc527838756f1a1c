"""What stream()/astream() yield with no stream_mode, for a StateGraph and an @entrypoint."""

import asyncio
import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    answer: str


def step(state: State) -> dict[str, Any]:
    return {"log": ["step"]}


def ask(state: State) -> dict[str, Any]:
    return {"answer": interrupt("ok?")}


@task
def double(n: int) -> int:
    return n * 2


@entrypoint()
def workflow(n: int) -> int:
    return double(n).result() + 1


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("step", step)
    builder.add_node("ask", ask)
    builder.add_edge(START, "step")
    builder.add_edge("step", "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "default"}}
    first = list(graph.stream({"log": []}, config))
    second = list(graph.stream(Command(resume="yes"), config))

    async def collect() -> list[object]:
        return [
            chunk
            async for chunk in graph.astream({"log": []}, {"configurable": {"thread_id": "a"}})
        ]

    return {
        "stream": [first, second],
        "astream": asyncio.run(collect()),
        "entrypoint": list(workflow.stream(4)),
    }
