"""defer=True: a node runs only when nothing else is left to run (map-reduce finalizers), and
the step before it already names it as next."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Send


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def node(name: str) -> Any:
    def fn(state: State) -> dict[str, Any]:
        return {"log": [name]}

    fn.__name__ = name
    return fn


def history(graph: Any, config: Any) -> list[object]:
    return [(h.metadata["step"], h.next, h.values) for h in graph.get_state_history(config)]


def run() -> object:
    out: dict[str, object] = {}
    config = {"configurable": {"thread_id": "1"}}

    builder = StateGraph(State)
    for name in ("a", "b", "b2", "c", "fin"):
        builder.add_node(name, node(name), defer=name == "fin")
    builder.add_edge(START, "a")
    builder.add_edge(START, "b")
    builder.add_edge("b", "b2")
    builder.add_edge("a", "fin")
    builder.add_edge("b2", "fin")
    builder.add_edge("a", "c")
    graph = builder.compile(checkpointer=MemorySaver())
    out["uneven_branches"] = graph.invoke({"log": []}, config)
    out["uneven_history"] = history(graph, config)

    builder = StateGraph(State)
    builder.add_node("plan", node("plan"))
    builder.add_node("work", node("work"))
    builder.add_node("fin", node("fin"), defer=True)
    builder.add_edge(START, "plan")
    builder.add_conditional_edges("plan", lambda s: [Send("work", {}) for _ in range(3)], ["work"])
    builder.add_edge("work", "fin")
    graph = builder.compile(checkpointer=MemorySaver())
    out["map_reduce"] = graph.invoke({"log": []}, config)
    out["map_reduce_history"] = history(graph, config)

    builder = StateGraph(State)
    for name in ("a", "c", "fin"):
        builder.add_node(name, node(name), defer=name == "fin")
    builder.add_edge(START, "a")
    builder.add_edge("a", "fin")
    builder.add_edge("a", "c")
    graph = builder.compile(checkpointer=MemorySaver(), interrupt_before=["fin"])
    out["before_deferred"] = graph.invoke({"log": []}, config)
    out["before_deferred_next"] = graph.get_state(config).next
    out["continued"] = list(graph.stream(None, config, stream_mode="updates"))

    builder = StateGraph(State)
    for name in ("a", "c", "d", "fin"):
        builder.add_node(name, node(name), defer=name == "fin")
    builder.add_edge(START, "a")
    builder.add_conditional_edges("a", lambda s: ["fin", "c"])
    builder.add_edge("c", "d")
    graph = builder.compile(checkpointer=MemorySaver())
    out["conditional"] = list(
        graph.stream({"log": []}, {"configurable": {"thread_id": "5"}}, stream_mode="updates")
    )

    builder = StateGraph(State)
    for name in ("a", "b", "b2", "fin"):
        builder.add_node(name, node(name), defer=name == "fin")
    builder.add_edge(START, "a")
    builder.add_edge(START, "b")
    builder.add_edge("b", "b2")
    builder.add_edge(["a", "b2"], "fin")
    graph = builder.compile(checkpointer=MemorySaver())
    out["join"] = graph.invoke({"log": []}, {"configurable": {"thread_id": "6"}})
    out["join_history"] = history(graph, {"configurable": {"thread_id": "6"}})
    return out
