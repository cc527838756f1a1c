"""ainvoke / astream with async nodes, an interrupt, a resume map, and an async @entrypoint."""

import asyncio
import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    topic: str
    log: Annotated[list[str], operator.add]
    verdict: str


async def draft(state: State) -> dict[str, Any]:
    await asyncio.sleep(0)
    return {"log": [f"draft {state['topic']}"]}


async def review(state: State) -> dict[str, Any]:
    return {"verdict": interrupt({"log": state["log"]}), "log": ["review"]}


@task
async def shout(text: str) -> str:
    await asyncio.sleep(0)
    return text.upper()


@entrypoint(checkpointer=MemorySaver())
async def workflow(text: str) -> dict[str, Any]:
    loud = await shout(text)
    answer = interrupt(loud)
    return {"loud": loud, "answer": answer}


async def observe() -> object:
    builder = StateGraph(State)
    builder.add_node("draft", draft)
    builder.add_node("review", review)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "review")
    builder.add_edge("review", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "async"}}
    paused = await graph.ainvoke({"topic": "tea", "log": []}, config)
    state = await graph.aget_state(config)
    interrupt_id = state.interrupts[0].id
    done = await graph.ainvoke(Command(resume={interrupt_id: "ship it"}), config)
    stream_config = {"configurable": {"thread_id": "async-stream"}}
    streamed = [
        [
            c
            async for c in graph.astream(
                {"topic": "milk", "log": []}, stream_config, stream_mode="updates"
            )
        ],
        [
            c
            async for c in graph.astream(
                Command(resume="no"), stream_config, stream_mode=["updates", "values"]
            )
        ],
    ]
    history = [
        (h.metadata["step"], h.metadata["source"], h.next)
        async for h in graph.aget_state_history(config)
    ]
    func_config = {"configurable": {"thread_id": "async-func"}}
    func = [
        await workflow.ainvoke("hey", func_config),
        await workflow.ainvoke(Command(resume="yo"), func_config),
    ]
    return {
        "paused": paused,
        "state": state,
        "done": done,
        "streamed": streamed,
        "history": history,
        "func": func,
    }


def run() -> object:
    return asyncio.run(observe())
