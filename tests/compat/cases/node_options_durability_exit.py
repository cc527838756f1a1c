"""durability="exit": only the run's last checkpoint is stored, with the writes of its unfinished
step (an interrupt, an error); a resume stores one more, child of the one it loaded."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"log": ["a"]}


def ask(state: State) -> dict[str, Any]:
    return {"log": ["ask:" + interrupt("go?")]}


def boom(state: State) -> dict[str, Any]:
    raise ValueError("boom")


def c(state: State) -> dict[str, Any]:
    return {"log": ["c"]}


def build(middle: Any, **options: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("b", middle)
    builder.add_node("c", c)
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("b", "c")
    return builder.compile(checkpointer=MemorySaver(), **options)


def history(graph: Any, config: Any) -> list[object]:
    out = []
    for h in graph.get_state_history(config):
        parent = h.parent_config is not None
        out.append((h.metadata["source"], h.metadata["step"], h.next, h.values, parent))
    return out


def pending(graph: Any, config: Any) -> list[object]:
    saved = graph.checkpointer.get_tuple(config)
    if saved is None:
        return []
    return sorted((channel, repr(value)[:40]) for _, channel, value in saved.pending_writes)


def run() -> object:
    out: dict[str, object] = {}
    config = {"configurable": {"thread_id": "1"}}
    graph = build(ask)
    out["paused"] = graph.invoke({"log": []}, config, durability="exit")
    out["paused_history"] = history(graph, config)
    out["paused_state"] = (graph.get_state(config).next, len(graph.get_state(config).interrupts))
    out["done"] = graph.invoke(Command(resume="yes"), config, durability="exit")
    out["done_history"] = history(graph, config)

    graph = build(boom)
    try:
        graph.invoke({"log": []}, config, durability="exit")
    except ValueError as exc:
        out["failed"] = str(exc)
    out["failed_history"] = history(graph, config)
    out["failed_pending"] = pending(graph, config)

    graph = build(a, interrupt_before=["c"])
    out["breakpoint"] = graph.invoke({"log": []}, config, durability="exit")
    out["breakpoint_history"] = history(graph, config)
    out["continued"] = graph.invoke(None, config, durability="exit")
    out["continued_history"] = history(graph, config)

    graph = build(a)
    for _chunk in graph.stream({"log": []}, config, durability="exit", stream_mode="updates"):
        break
    out["abandoned_history"] = history(graph, config)
    return out
