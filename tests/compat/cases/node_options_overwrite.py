"""Overwrite(value) bypasses a reducer (three spellings); two in one step are an error."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Overwrite


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"log": ["a"]}


def b(state: State) -> dict[str, Any]:
    return {"log": Overwrite(["b"])}


def c(state: State) -> dict[str, Any]:
    return {"log": Overwrite(value=["c"])}


def d(state: State) -> dict[str, Any]:
    return {"log": {"__overwrite__": ["d"]}}


def e(state: State) -> dict[str, Any]:
    return {"log": ["e"]}


def j(state: State) -> dict[str, Any]:
    return {"log": {"type": "__overwrite__", "value": ["j"]}}


def run_graph(nodes: list[Any], edges: list[tuple[str, str]], payload: Any = None) -> object:
    builder = StateGraph(State)
    for node in nodes:
        builder.add_node(node.__name__, node)
    for start, end in edges:
        builder.add_edge(start, end)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    try:
        chunks = list(
            graph.stream(payload or {"log": ["in"]}, config, stream_mode=["updates", "values"])
        )
    except Exception as exc:
        return ("raised", type(exc).__name__, str(exc))
    return (chunks, graph.get_state(config).values)


def run() -> object:
    return {
        "after_reducer": run_graph([a, b], [(START, "a"), ("a", "b")]),
        "two_in_a_step": run_graph([b, c], [(START, "b"), (START, "c")]),
        "with_plain_write": run_graph([b, e], [(START, "b"), (START, "e")]),
        "dict_form": run_graph([d], [(START, "d")]),
        "json_form": run_graph([j], [(START, "j")]),
        "as_input": run_graph([a], [(START, "a")], {"log": Overwrite(["x"])}),
    }
