"""`stream()`/`astream()` hand chunks out while the step runs, as LangGraph: a node that writes a
chunk and then waits until the caller has it is not deadlocked; a parallel node's update comes
as soon as it finishes; a caller that stops reading mid-step still gets that step stored."""

from __future__ import annotations

import asyncio
import operator
import threading
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.config import get_stream_writer
from signoff.graph import START, StateGraph

WAIT = 10.0  # seconds a node waits for the caller before giving up (the test then fails)


class State(TypedDict, total=False):
    out: Annotated[list[str], operator.add]


def handshake_graph(seen: threading.Event, asynchronous: bool = False) -> Any:
    """`talk` writes "hello" and returns only once the caller has read it (or after WAIT)."""

    def talk(state: State) -> dict[str, Any]:
        get_stream_writer()("hello")
        return {"out": ["in time" if seen.wait(WAIT) else "too late"]}

    async def atalk(state: State) -> dict[str, Any]:
        get_stream_writer()("hello")
        ok = await asyncio.to_thread(seen.wait, WAIT)
        return {"out": ["in time" if ok else "too late"]}

    builder = StateGraph(State)
    builder.add_node("talk", atalk if asynchronous else talk)
    builder.add_edge(START, "talk")
    return builder.compile(checkpointer=InMemorySaver())


def test_a_chunk_reaches_the_caller_before_its_node_returns() -> None:
    seen = threading.Event()
    graph = handshake_graph(seen)
    config = {"configurable": {"thread_id": "live"}}
    for _mode, chunk in graph.stream({"out": []}, config, stream_mode=["custom", "updates"]):
        if chunk == "hello":
            seen.set()
    assert graph.get_state(config).values == {"out": ["in time"]}


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_astream_hands_chunks_out_live_for_sync_and_async_nodes(asynchronous: bool) -> None:
    seen = threading.Event()
    graph = handshake_graph(seen, asynchronous)
    config = {"configurable": {"thread_id": f"alive-{asynchronous}"}}
    async for chunk in graph.astream({"out": []}, config, stream_mode="custom"):
        if chunk == "hello":
            seen.set()
    assert graph.get_state(config).values == {"out": ["in time"]}


def test_a_parallel_nodes_update_comes_when_it_finishes() -> None:
    slow_may_finish = threading.Event()

    def fast(state: State) -> dict[str, Any]:
        return {"out": ["fast"]}

    def slow(state: State) -> dict[str, Any]:
        return {"out": ["slow" if slow_may_finish.wait(WAIT) else "slow, too late"]}

    builder = StateGraph(State)
    builder.add_node("slow", slow)
    builder.add_node("fast", fast)
    builder.add_edge(START, "slow")
    builder.add_edge(START, "fast")
    order = []
    for update in builder.compile().stream({"out": []}, stream_mode="updates"):
        order.extend(update)
        slow_may_finish.set()
    assert order == ["fast", "slow"]


def test_a_stream_abandoned_mid_step_still_stores_that_step() -> None:
    builder = StateGraph(State)
    for name in ("a", "b", "c"):
        builder.add_node(name, lambda state, name=name: {"out": [name]})
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("b", "c")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "abandoned"}}
    for _ in graph.stream({"out": []}, config, stream_mode="updates"):
        break
    state = graph.get_state(config)
    assert (state.values, state.next) == ({"out": ["a"]}, ("b",))
