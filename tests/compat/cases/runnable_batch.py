"""`batch`, `abatch` and the `_as_completed` variants, as a langchain_core Runnable gives them:
per-input configs, `return_exceptions`, interrupted runs of a checkpointed graph as results, and
langchain_core's recursion limit (25) written into every config."""

import asyncio
from typing import Any, TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict):
    x: int


def add_one(state: State) -> dict[str, Any]:
    if state["x"] < 0:
        raise ValueError("negative")
    return {"x": state["x"] + 1}


def ask(state: State) -> dict[str, Any]:
    return {"x": state["x"] + interrupt(f"add to {state['x']}?")}


def loop(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1}


def _errors(thunk: Any) -> object:
    try:
        return thunk()
    except Exception as exc:  # the type and the text, as the caller sees them
        return {"raises": type(exc).__name__, "text": str(exc)}


def run() -> object:
    graph = StateGraph(State).add_node("add_one", add_one).add_edge(START, "add_one").compile()
    paused = (
        StateGraph(State)
        .add_node("ask", ask)
        .add_edge(START, "ask")
        .compile(checkpointer=InMemorySaver())
    )
    looping = (
        StateGraph(State)
        .add_node("loop", loop)
        .add_edge(START, "loop")
        .add_conditional_edges("loop", lambda s: "loop" if s["x"] < 40 else END)
        .compile()
    )
    threads = [{"configurable": {"thread_id": "a"}}, {"configurable": {"thread_id": "b"}}]

    async def async_part() -> object:
        as_completed = [
            pair
            async for pair in graph.abatch_as_completed(
                [{"x": 1}, {"x": -1}, {"x": 5}], return_exceptions=True
            )
        ]
        return {
            "abatch": await graph.abatch([{"x": 1}, {"x": 2}]),
            "abatch_errors": await graph.abatch([{"x": 1}, {"x": -1}], return_exceptions=True),
            "abatch_as_completed": sorted(as_completed, key=lambda pair: pair[0]),
            "abatch_limited": await graph.abatch(
                [{"x": 1}, {"x": 2}, {"x": 3}], {"max_concurrency": 1}
            ),
            "abatch_empty": await graph.abatch([]),
        }

    return {
        "batch": graph.batch([{"x": 1}, {"x": 2}]),
        "batch_configs": graph.batch([{"x": 1}, {"x": 2}], [{"tags": ["a"]}, {"tags": ["b"]}]),
        "batch_raises": _errors(lambda: graph.batch([{"x": 1}, {"x": -1}])),
        "batch_errors": graph.batch([{"x": 1}, {"x": -1}], return_exceptions=True),
        "batch_one": graph.batch([{"x": 7}]),
        "batch_empty": graph.batch([]),
        "batch_stream_mode": graph.batch([{"x": 1}, {"x": 2}], stream_mode="updates"),
        "batch_as_completed": sorted(
            graph.batch_as_completed([{"x": 1}, {"x": 5}, {"x": 9}]), key=lambda pair: pair[0]
        ),
        "config_count": _errors(lambda: graph.batch([{"x": 1}, {"x": 2}], [{"tags": ["a"]}])),
        "paused": paused.batch([{"x": 1}, {"x": 2}], threads),
        "resumed": paused.batch([Command(resume=10), Command(resume=20)], threads),
        "states": [paused.get_state(config).values for config in threads],
        "no_thread": _errors(lambda: paused.batch([{"x": 1}, {"x": 2}])),
        "no_thread_errors": paused.batch([{"x": 1}], return_exceptions=True),
        "invoke_loops": looping.invoke({"x": 0}),
        "batch_recursion": looping.batch([{"x": 0}, {"x": 30}], return_exceptions=True),
        "batch_recursion_limit": looping.batch([{"x": 0}], {"recursion_limit": 100}),
        "async": asyncio.run(async_part()),
    }
