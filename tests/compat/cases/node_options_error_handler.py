"""error_handler= per node and set_node_defaults(error_handler=...): what the handler gets and
returns, routing on, parallel siblings, a failing handler, an interrupt in a handler."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.errors import NodeError
from signoff.graph import START, StateGraph
from signoff.types import Command, RetryPolicy, Send, interrupt


class State(TypedDict, total=False):
    x: int
    log: Annotated[list[str], operator.add]


seen: list[object] = []


def boom(state: State) -> dict[str, Any]:
    raise ValueError("bad")


def ok(state: State) -> dict[str, Any]:
    return {"log": ["ok"]}


def after(state: State) -> dict[str, Any]:
    return {"log": ["after"]}


def goto_after(state: State, error: NodeError) -> Command[Any]:
    seen.append((state, error.node, type(error.error).__name__, str(error.error)))
    return Command(update={"log": [f"handled {error.node}"]}, goto="after")


def plain(state: State) -> dict[str, Any]:
    return {"log": ["plain"]}


def raising(state: State, error: NodeError) -> dict[str, Any]:
    raise RuntimeError(f"handler failed on {error.error}")


def asking(state: State, error: NodeError) -> dict[str, Any]:
    return {"log": ["asked:" + interrupt(f"{error.node} failed, fix?")]}


def nothing(state: State, error: NodeError) -> None:
    return None


def build(handler: Any, *, default: bool = False, sibling: bool = False) -> Any:
    builder = StateGraph(State)
    if default:
        builder.set_node_defaults(error_handler=handler)
        builder.add_node("a", boom)
    else:
        builder.add_node("a", boom, error_handler=handler)
    builder.add_node("after", after)
    builder.add_edge(START, "a")
    builder.add_edge("a", "after")
    if sibling:
        builder.add_node("ok", ok)
        builder.add_edge(START, "ok")
    return builder, builder.compile(checkpointer=MemorySaver())


def observe(
    graph: Any, thread: str, payload: Any = None, *, parallel: bool = False
) -> list[object]:
    config = {"configurable": {"thread_id": thread}}
    out: list[object] = []
    try:
        for chunk in graph.stream(
            payload if payload is not None else {"x": 1, "log": []}, config, stream_mode="updates"
        ):
            out.append(chunk)
    except Exception as exc:
        out.append(("raised", type(exc).__name__, str(exc).splitlines()[0]))
    if parallel:  # parallel tasks report in the order they finish
        out.sort(key=repr)
    state = graph.get_state(config)
    out.append(("state", state.values, state.next, [t.name for t in state.tasks]))
    return out


def run() -> object:
    seen.clear()
    out: dict[str, object] = {}
    builder, graph = build(goto_after)
    out["nodes"] = list(builder.nodes)
    out["goto"] = observe(graph, "goto")
    out["plain"] = observe(build(plain)[1], "plain")
    builder, graph = build(goto_after, default=True)
    out["default"] = observe(graph, "default")
    out["default_nodes"] = list(builder.nodes)
    out["sibling"] = observe(build(goto_after, sibling=True)[1], "sibling", parallel=True)
    out["raising"] = observe(build(raising)[1], "raising")
    out["nothing"] = observe(build(nothing)[1], "nothing")
    graph = build(asking)[1]
    out["asking"] = observe(graph, "asking")
    out["asking_resumed"] = observe(graph, "asking", Command(resume="yes"))
    calls: list[int] = []

    def flaky(state: State) -> dict[str, Any]:
        calls.append(1)
        raise ConnectionError("down")

    builder = StateGraph(State)
    builder.add_node(
        "a",
        flaky,
        retry_policy=RetryPolicy(max_attempts=2, initial_interval=0.01, jitter=False),
        error_handler=goto_after,
    )
    builder.add_node("after", after)
    builder.add_edge(START, "a")
    out["retried"] = observe(builder.compile(checkpointer=MemorySaver()), "retried")
    out["retried_calls"] = len(calls)

    def fan(state: State) -> list[Send]:
        return [Send("w", {"x": i, "log": []}) for i in range(3)]

    def worker(state: State) -> dict[str, Any]:
        if state["x"] == 1:
            raise ValueError("w1")
        return {"log": [f"w{state['x']}"]}

    def worker_failed(state: State, error: NodeError) -> dict[str, Any]:
        return {"log": [f"handled w{state['x']}"]}

    builder = StateGraph(State)
    builder.add_node("w", worker, error_handler=worker_failed)
    builder.add_conditional_edges(START, fan, ["w"])
    out["send"] = observe(builder.compile(checkpointer=MemorySaver()), "send", parallel=True)
    out["seen"] = list(seen)
    return out
