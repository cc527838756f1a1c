"""add_node(timeout=...): NodeTimeoutError's fields, a retried timeout, and sync nodes refused."""

import asyncio
import re
from datetime import timedelta
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.errors import NodeTimeoutError
from signoff.graph import START, StateGraph
from signoff.types import RetryPolicy, TimeoutPolicy


class State(TypedDict, total=False):
    x: int


async def slow(state: State) -> dict[str, Any]:
    await asyncio.sleep(5)
    return {"x": 1}


def sync_node(state: State) -> dict[str, Any]:
    return {"x": 1}


def one_node(fn: Any, **options: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("a", fn, **options)
    builder.add_edge(START, "a")
    return builder


def timeout_error(exc: NodeTimeoutError) -> dict[str, object]:
    message = re.sub(r"elapsed: [0-9.]+s", "elapsed: <s>", str(exc))
    return {
        "message": message,
        "node": exc.node,
        "kind": exc.kind,
        "timeout": exc.timeout,
        "run_timeout": exc.run_timeout,
        "idle_timeout": exc.idle_timeout,
        "elapsed_is_float": isinstance(exc.elapsed, float),
        "is_timeout_error": isinstance(exc, TimeoutError),
    }


def refused(make: Any) -> object:
    try:
        make()
    except ValueError as exc:
        return ("ValueError", str(exc))
    return "accepted"


async def observe() -> dict[str, object]:
    out: dict[str, object] = {}
    graph = one_node(slow, timeout=timedelta(milliseconds=50)).compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "run"}}
    try:
        await graph.ainvoke({"x": 0}, config)
    except NodeTimeoutError as exc:
        out["run"] = timeout_error(exc)
    state = graph.get_state(config)
    out["after"] = (state.values, state.next, [t.name for t in state.tasks])
    idle = one_node(slow, timeout=TimeoutPolicy(idle_timeout=0.05)).compile()
    try:
        await idle.ainvoke({"x": 0})
    except NodeTimeoutError as exc:
        out["idle"] = timeout_error(exc)
    calls: list[int] = []

    async def flaky(state: State) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            await asyncio.sleep(5)
        return {"x": len(calls)}

    retried = one_node(
        flaky, timeout=0.05, retry_policy=RetryPolicy(initial_interval=0.01, jitter=False)
    ).compile()
    out["retried"] = await retried.ainvoke({"x": 0})
    return out


def run() -> object:
    out = asyncio.run(observe())
    out["sync_node"] = refused(lambda: one_node(sync_node, timeout=1).compile())
    out["zero"] = refused(lambda: one_node(sync_node, timeout=0))
    out["negative_idle"] = refused(
        lambda: one_node(sync_node, timeout=TimeoutPolicy(idle_timeout=-1))
    )
    out["empty_policy"] = refused(lambda: one_node(sync_node, timeout=TimeoutPolicy()).compile())
    graph = one_node(slow, timeout=1).compile()
    try:
        graph.invoke({"x": 0})
        out["sync_invoke"] = "ran"
    except ValueError as exc:
        out["sync_invoke"] = ("ValueError", str(exc))
    return out
