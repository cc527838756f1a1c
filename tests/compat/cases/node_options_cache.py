"""cache_policy= with compile(cache=InMemoryCache()): hits skip the node and are marked in
`updates`; key_func picks the key; clear_cache forgets; without a cache nothing is cached."""

from typing import Any

from typing_extensions import TypedDict

from signoff.cache.memory import InMemoryCache
from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import CachePolicy


class State(TypedDict, total=False):
    x: int
    y: int


def build(calls: list[int], policy: CachePolicy, **compile_options: Any) -> Any:
    def double(state: State) -> dict[str, Any]:
        calls.append(state["x"])
        return {"y": state["x"] * 2}

    def copy(state: State) -> dict[str, Any]:
        return {"x": state["x"]}

    builder = StateGraph(State)
    builder.add_node("double", double, cache_policy=policy)
    builder.add_node("copy", copy)
    builder.add_edge(START, "double")
    builder.add_edge("double", "copy")
    return builder.compile(**compile_options)


def run() -> object:
    out: dict[str, object] = {}
    calls: list[int] = []
    graph = build(calls, CachePolicy(), checkpointer=MemorySaver(), cache=InMemoryCache())
    for thread in ("t1", "t2"):
        config = {"configurable": {"thread_id": thread}}
        out[thread] = list(graph.stream({"x": 3}, config, stream_mode="updates"))
        out[f"{thread}_history"] = [h.metadata["step"] for h in graph.get_state_history(config)]
        out[f"{thread}_values"] = graph.get_state(config).values
    other = {"configurable": {"thread_id": "t3"}}
    out["other_input"] = list(graph.stream({"x": 4}, other, stream_mode="updates"))
    graph.clear_cache()
    cleared = {"configurable": {"thread_id": "t4"}}
    out["after_clear"] = list(graph.stream({"x": 3}, cleared, stream_mode="updates"))
    out["calls"] = list(calls)

    calls = []
    parity = build(calls, CachePolicy(key_func=lambda s: str(s["x"] % 2)), cache=InMemoryCache())
    out["key_func"] = [parity.invoke({"x": 3}), parity.invoke({"x": 5}), list(calls)]
    parity.clear_cache(["copy"])
    out["clear_other_node"] = [parity.invoke({"x": 7}), list(calls)]

    calls = []
    uncached = build(calls, CachePolicy())
    out["no_cache"] = [uncached.invoke({"x": 3}), uncached.invoke({"x": 3}), list(calls)]
    try:
        uncached.clear_cache()
    except ValueError as exc:
        out["clear_without_cache"] = str(exc)
    return out
