"""`add_node(..., timeout=)`: a node attempt that runs too long, or goes too long without progress,
is cancelled with `NodeTimeoutError`, which retry policies retry like any failure.

As in LangGraph, only async nodes can time out (sync code cannot be cancelled): `compile()` refuses
a sync node with a timeout, and a sync run of a timed node fails.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.sqlite import SqliteSaver
from signoff.config import get_stream_writer
from signoff.errors import NodeTimeoutError
from signoff.graph import START, StateGraph
from signoff.types import RetryPolicy, Send, TimeoutPolicy

LONG = 30.0
"""How long a node that should time out would otherwise sleep (the test would hang, not pass)."""


class State(TypedDict, total=False):
    x: int
    done: list[str]


async def hangs(state: State) -> dict[str, Any]:
    await asyncio.sleep(LONG)
    return {"x": 1}


def single(fn: Any, **options: Any) -> StateGraph:
    builder = StateGraph(State)
    builder.add_node("a", fn, **options)
    builder.add_edge(START, "a")
    return builder


async def test_run_timeout_raises_node_timeout_error_with_the_policy() -> None:
    graph = single(hangs, timeout=timedelta(milliseconds=40)).compile()
    with pytest.raises(NodeTimeoutError) as caught:
        await graph.ainvoke({"x": 0})
    err = caught.value
    assert (err.node, err.kind, err.timeout) == ("a", "run", 0.04)
    assert (err.run_timeout, err.idle_timeout) == (0.04, None)
    assert str(err).startswith("Node 'a' exceeded its run timeout of 0.040s (elapsed: ")
    assert not isinstance(err, TimeoutError)


async def test_a_timed_out_step_is_not_applied_and_resumes_from_its_checkpoint(
    tmp_path: Path,
) -> None:
    attempts: list[int] = []

    async def slow_once(state: State) -> dict[str, Any]:
        attempts.append(1)
        if len(attempts) == 1:
            await asyncio.sleep(LONG)
        return {"x": 7}

    with SqliteSaver.from_conn_string(str(tmp_path / "t.db")) as saver:
        graph = single(slow_once, timeout=0.05).compile(checkpointer=saver)
        config = {"configurable": {"thread_id": "t"}}
        with pytest.raises(NodeTimeoutError):
            await graph.ainvoke({"x": 0}, config)
        state = graph.get_state(config)
        assert state.values == {"x": 0}
        assert state.next == ("a",)
        assert "NodeTimeoutError" in str(state.tasks[0].error)
        assert await graph.ainvoke(None, config) == {"x": 7}
    assert len(attempts) == 2


async def test_idle_timeout_is_refreshed_by_stream_writes() -> None:
    async def chatty(state: State) -> dict[str, Any]:
        write = get_stream_writer()
        for i in range(8):
            await asyncio.sleep(0.02)
            write({"tick": i})
        return {"x": 8}

    graph = single(chatty, timeout=TimeoutPolicy(idle_timeout=0.25)).compile()
    chunks = [c async for c in graph.astream({"x": 0}, stream_mode=["custom", "values"])]
    assert ("custom", {"tick": 7}) in chunks
    assert chunks[-1] == ("values", {"x": 8})


async def test_heartbeat_only_policy_ignores_stream_writes() -> None:
    async def chatty(state: State) -> dict[str, Any]:
        write = get_stream_writer()
        for i in range(400):
            await asyncio.sleep(0.01)
            write({"tick": i})
        return {"x": 1}

    policy = TimeoutPolicy(idle_timeout=0.08, refresh_on="heartbeat")
    graph = single(chatty, timeout=policy).compile()
    with pytest.raises(NodeTimeoutError) as caught:
        await graph.ainvoke({"x": 0})
    assert caught.value.kind == "idle"
    assert "without making progress" in str(caught.value)


async def test_writes_after_the_timeout_are_dropped() -> None:
    attempts: list[int] = []

    async def late_writer(state: State) -> dict[str, Any]:
        attempts.append(1)
        write = get_stream_writer()
        if len(attempts) == 1:
            try:
                await asyncio.sleep(LONG)
            except asyncio.CancelledError:
                write("from the timed-out attempt")
                raise
        write("from the retry")
        return {"x": 2}

    retry = RetryPolicy(initial_interval=0.05, jitter=False)
    graph = single(late_writer, timeout=0.03, retry_policy=retry).compile()
    seen = [chunk async for chunk in graph.astream({"x": 0}, stream_mode="custom")]
    assert seen == ["from the retry"]


async def test_default_retry_policy_retries_a_timeout() -> None:
    attempts: list[int] = []

    async def slow_once(state: State) -> dict[str, Any]:
        attempts.append(1)
        if len(attempts) == 1:
            await asyncio.sleep(LONG)
        return {"x": len(attempts)}

    retry = RetryPolicy(initial_interval=0.01, jitter=False)
    graph = single(slow_once, timeout=0.05, retry_policy=retry).compile()
    assert await graph.ainvoke({"x": 0}) == {"x": 2}


async def test_a_timeout_error_raised_by_the_node_itself_is_not_a_node_timeout() -> None:
    async def raises(state: State) -> dict[str, Any]:
        raise TimeoutError("upstream")

    graph = single(raises, timeout=5).compile()
    with pytest.raises(TimeoutError, match="upstream"):
        await graph.ainvoke({"x": 0})


async def test_only_the_slow_node_of_a_step_times_out() -> None:
    finished: list[str] = []

    async def quick(state: State) -> dict[str, Any]:
        await asyncio.sleep(0.01)
        finished.append("quick")
        return {}

    builder = StateGraph(State)
    builder.add_node("slow", hangs, timeout=0.05)
    builder.add_node("quick", quick)
    builder.add_edge(START, "slow")
    builder.add_edge(START, "quick")
    with pytest.raises(NodeTimeoutError) as caught:
        await builder.compile().ainvoke({"x": 0})
    assert caught.value.node == "slow"
    assert finished == ["quick"]


async def test_send_timeout_overrides_the_node_timeout() -> None:
    async def work(state: State) -> dict[str, Any]:
        await asyncio.sleep(state["x"])
        return {"done": [f"slept {state['x']}"]}

    builder = StateGraph(State)
    builder.add_node("work", work, timeout=0.05)
    builder.add_conditional_edges(START, lambda s: [Send("work", {"x": 0.2}, timeout=5)], ["work"])
    assert await builder.compile().ainvoke({"x": 0}) == {"x": 0, "done": ["slept 0.2"]}

    builder = StateGraph(State)
    builder.add_node("work", work)
    builder.add_conditional_edges(
        START, lambda s: [Send("work", {"x": LONG}, timeout=0.05)], ["work"]
    )
    with pytest.raises(NodeTimeoutError):
        await builder.compile().ainvoke({"x": 0})


def test_sync_node_with_timeout_is_refused_at_compile() -> None:
    def sync(state: State) -> dict[str, Any]:
        return {}

    builder = single(sync, timeout=1)
    with pytest.raises(ValueError, match="Node 'a' is sync"):
        builder.compile()


def test_timeout_defaults_reach_every_node_and_are_checked() -> None:
    def sync(state: State) -> dict[str, Any]:
        return {}

    builder = single(sync).set_node_defaults(timeout=1)
    with pytest.raises(ValueError, match="only supported for async nodes"):
        builder.compile()
    graph = single(hangs).set_node_defaults(timeout=2).compile()
    assert graph.nodes["a"].timeout == TimeoutPolicy(run_timeout=2.0)


def test_sync_run_of_a_timed_node_fails() -> None:
    graph = single(hangs, timeout=1).compile()
    with pytest.raises(ValueError, match="only supported for async nodes"):
        graph.invoke({"x": 0})


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (2, TimeoutPolicy(run_timeout=2.0)),
        (timedelta(seconds=1.5), TimeoutPolicy(run_timeout=1.5)),
        (TimeoutPolicy(idle_timeout=timedelta(seconds=3)), TimeoutPolicy(idle_timeout=3.0)),
        (TimeoutPolicy(), None),
        (None, None),
    ],
)
def test_timeout_values_coerce_to_float_seconds(given: Any, expected: Any) -> None:
    assert TimeoutPolicy.coerce(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (0, "run_timeout must be greater than 0"),
        (TimeoutPolicy(idle_timeout=-1), "idle_timeout must be greater than 0"),
        (TimeoutPolicy(run_timeout=1, refresh_on="sometimes"), "refresh_on must be"),  # type: ignore[arg-type]
    ],
)
def test_bad_timeouts_are_refused_when_the_node_is_added(given: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        single(hangs, timeout=given)


def test_node_timeout_error_requires_the_limit_that_fired() -> None:
    with pytest.raises(ValueError, match="idle_timeout is required"):
        NodeTimeoutError("a", 1.0, kind="idle")
    err = NodeTimeoutError("a", 1.25, kind="idle", idle_timeout=1.0, run_timeout=9.0)
    assert (err.timeout, err.run_timeout) == (1.0, 9.0)
    assert str(err) == (
        "Node 'a' exceeded its idle timeout of 1.000s without making progress (elapsed: 1.250s)."
    )
