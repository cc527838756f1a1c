"""RunControl.request_drain(): the run stops at the next superstep boundary with GraphDrained,
its checkpoint saved; invoke(None, config) resumes it; a drained control stays drained."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.errors import GraphDrained
from signoff.graph import START, StateGraph
from signoff.runtime import RunControl


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def build(control: RunControl | None) -> Any:
    def a(state: State) -> dict[str, Any]:
        if control is not None:
            control.request_drain("sigterm")
        return {"log": ["a"]}

    def b(state: State) -> dict[str, Any]:
        return {"log": ["b"]}

    def c(state: State) -> dict[str, Any]:
        return {"log": ["c"]}

    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("b", b)
    builder.add_node("c", c)
    builder.add_edge(START, "a")
    builder.add_edge(START, "b")
    builder.add_edge("a", "c")
    builder.add_edge("b", "c")
    return builder


def history(graph: Any, config: Any) -> list[object]:
    return [(h.metadata["step"], h.next, h.values) for h in graph.get_state_history(config)]


def drained(call: Any) -> object:
    try:
        return ("returned", call())
    except GraphDrained as exc:
        return ("GraphDrained", exc.reason, str(exc), isinstance(exc, Exception))


def run() -> object:
    out: dict[str, object] = {}
    control = RunControl()
    graph = build(control).compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    chunks: list[object] = []

    def stream() -> None:
        for chunk in graph.stream({"log": []}, config, control=control, stream_mode="updates"):
            chunks.append(chunk)

    out["drained"] = drained(stream)
    out["streamed"] = sorted(chunks, key=repr)
    state = graph.get_state(config)
    out["state"] = (state.values, state.next, state.metadata)
    out["history"] = history(graph, config)
    out["resumed"] = graph.invoke(None, config)
    out["resumed_history"] = history(graph, config)
    again = {"configurable": {"thread_id": "2"}}
    out["reused"] = drained(lambda: graph.invoke({"log": []}, again, control=control))
    out["reused_history"] = history(graph, again)
    out["control"] = (control.drain_requested, control.drain_reason)

    fresh = RunControl()
    plain = build(None).compile()
    out["undrained"] = plain.invoke({"log": []}, control=fresh)
    fresh.request_drain()
    out["no_checkpointer"] = drained(lambda: plain.invoke({"log": []}, control=fresh))

    control = RunControl()
    exit_graph = build(control).compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "3"}}
    out["exit"] = drained(
        lambda: exit_graph.invoke({"log": []}, config, control=control, durability="exit")
    )
    out["exit_history"] = history(exit_graph, config)
    out["exit_resumed"] = exit_graph.invoke(None, config)
    return out
