"""`cache_policy=` with `compile(cache=InMemoryCache())`: a node run again with the same input takes
its stored writes instead of running; errors and interrupts are never cached."""

from __future__ import annotations

import asyncio
import operator
import time
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.cache.memory import InMemoryCache
from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import CachePolicy, Command, Send, default_cache_key, interrupt


class State(TypedDict, total=False):
    x: int
    y: int


class Counted(TypedDict, total=False):
    x: int
    y: int
    items: Annotated[dict[str, int], operator.or_]


def counted(calls: list[Any]) -> Any:
    def double(state: State) -> dict[str, Any]:
        calls.append(state.get("x"))
        return {"y": state["x"] * 2}

    return double


def graph_of(fn: Any, policy: CachePolicy | None = None, **options: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("double", fn, cache_policy=policy or CachePolicy())
    builder.add_edge(START, "double")
    return builder.compile(**options)


def test_a_hit_skips_the_node_and_is_marked_in_updates() -> None:
    calls: list[Any] = []
    graph = graph_of(counted(calls), cache=InMemoryCache(), checkpointer=InMemorySaver())
    first = list(
        graph.stream({"x": 2}, {"configurable": {"thread_id": "1"}}, stream_mode="updates")
    )
    second = list(
        graph.stream({"x": 2}, {"configurable": {"thread_id": "2"}}, stream_mode="updates")
    )
    assert first == [{"double": {"y": 4}}]
    assert second == [{"double": {"y": 4}, "__metadata__": {"cached": True}}]
    assert calls == [2]
    assert graph.get_state({"configurable": {"thread_id": "2"}}).values == {"x": 2, "y": 4}
    graph.invoke({"x": 3}, {"configurable": {"thread_id": "3"}})
    assert calls == [2, 3]


async def test_async_runs_share_the_cache_with_sync_runs() -> None:
    calls: list[Any] = []
    graph = graph_of(counted(calls), cache=InMemoryCache())
    assert graph.invoke({"x": 5}) == {"x": 5, "y": 10}
    assert await graph.ainvoke({"x": 5}) == {"x": 5, "y": 10}
    assert calls == [5]


def test_key_func_and_ttl() -> None:
    calls: list[Any] = []
    policy = CachePolicy(key_func=lambda state: str(state["x"] % 2), ttl=1)
    graph = graph_of(counted(calls), policy, cache=InMemoryCache())
    assert graph.invoke({"x": 3}) == {"x": 3, "y": 6}
    assert graph.invoke({"x": 5}) == {"x": 5, "y": 6}  # same key: the cached writes
    time.sleep(1.1)
    assert graph.invoke({"x": 5}) == {"x": 5, "y": 10}
    assert calls == [3, 5]


def test_failures_and_interrupts_are_not_cached() -> None:
    calls: list[Any] = []

    def flaky(state: State) -> dict[str, Any]:
        calls.append(state["x"])
        if len(calls) == 1:
            raise ConnectionError("down")
        return {"y": 1}

    graph = graph_of(flaky, cache=InMemoryCache())
    with pytest.raises(ConnectionError):
        graph.invoke({"x": 1})
    assert graph.invoke({"x": 1}) == {"x": 1, "y": 1}
    assert calls == [1, 1]

    asked: list[Any] = []

    def ask(state: State) -> dict[str, Any]:
        asked.append(state["x"])
        return {"y": interrupt("y?")}

    graph = graph_of(ask, cache=InMemoryCache(), checkpointer=InMemorySaver())
    one = {"configurable": {"thread_id": "one"}}
    graph.invoke({"x": 1}, one)
    graph.invoke({"x": 1}, {"configurable": {"thread_id": "two"}})
    assert asked == [1, 1]
    assert graph.invoke(Command(resume=9), one) == {"x": 1, "y": 9}


def test_clear_cache_per_node() -> None:
    calls: list[Any] = []
    graph = graph_of(counted(calls), cache=InMemoryCache())
    graph.invoke({"x": 1})
    graph.clear_cache(["another"])
    graph.invoke({"x": 1})
    assert calls == [1]
    graph.clear_cache(["double"])
    graph.invoke({"x": 1})
    assert calls == [1, 1]
    asyncio.run(graph.aclear_cache())
    graph.invoke({"x": 1})
    assert calls == [1, 1, 1]


def test_without_a_cache_policies_do_nothing() -> None:
    calls: list[Any] = []
    graph = graph_of(counted(calls))
    graph.invoke({"x": 1})
    graph.invoke({"x": 1})
    assert calls == [1, 1]
    with pytest.raises(ValueError, match="No cache is set"):
        graph.clear_cache()


def test_cached_send_tasks_and_control_writes_replay() -> None:
    """A hit replays every write, the edges and `Send`s it made included."""
    calls: list[Any] = []

    def plan(state: Counted) -> Command[Any]:
        calls.append("plan")
        return Command(update={"y": 0}, goto=[Send("count", {"x": i}) for i in range(3)])

    def count(state: Counted) -> dict[str, Any]:
        return {"items": {str(state["x"]): state["x"]}}

    builder = StateGraph(Counted)
    builder.add_node("plan", plan, cache_policy=CachePolicy())
    builder.add_node("count", count)
    builder.add_edge(START, "plan")
    graph = builder.compile(cache=InMemoryCache())
    first = graph.invoke({"x": 0})
    assert first == {"x": 0, "y": 0, "items": {"0": 0, "1": 1, "2": 2}}
    assert graph.invoke({"x": 0}) == first
    assert calls == ["plan"]


def test_default_key_is_the_same_for_equal_inputs() -> None:
    assert default_cache_key({"a": 1, "b": [1, 2]}) == default_cache_key({"b": [1, 2], "a": 1})
    assert default_cache_key({"a": 1}) != default_cache_key({"a": 2})
    assert default_cache_key({"s": {3, 1, 2}}) == default_cache_key({"s": {1, 2, 3}})


async def test_in_memory_cache_contract() -> None:
    cache: InMemoryCache[Any] = InMemoryCache()
    ns = ("writes", "node")
    cache.set({(ns, "k"): ([("y", 1)], None), (("other",), "k"): ("v", 0)})
    assert cache.get([(ns, "k"), (ns, "missing"), (("other",), "k")]) == {(ns, "k"): [("y", 1)]}
    value = cache.get([(ns, "k")])[(ns, "k")]
    value.append("changed")
    assert cache.get([(ns, "k")])[(ns, "k")] == [("y", 1)]  # stored copies are not shared
    await cache.aset({(ns, "k2"): (2, None)})
    assert await cache.aget([(ns, "k2")]) == {(ns, "k2"): 2}
    cache.clear([ns])
    assert cache.get([(ns, "k")]) == {}
