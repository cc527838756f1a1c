"""`get_graph().to_json()` in langchain_core's shape, as LangGraph gives it: node entries (`type`,
`data` with `id` and `name`, `metadata` notes; END and an entrypoint's START bare), edges with
`data` labels and `conditional` flags only when set; conditional edges (a path map, a Literal
return type), breakpoints and node metadata, a ToolNode and a Runnable node, a subgraph drawn
plain and with xray (one and several entries, two levels), and an `@entrypoint`.

`data.id` names each library's own classes, so it is compared by its last part, with the
function-node wrappers (LangGraph's RunnableCallable, signoff's NodeSpec) both shown as
"function"."""

import operator
from typing import Annotated, Any, Literal

from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint
from signoff.graph import END, START, StateGraph
from signoff.prebuilt import ToolNode


class State(TypedDict):
    log: Annotated[list[str], operator.add]


def step(state: State) -> dict[str, Any]:
    return {"log": ["step"]}


def route(state: State) -> Literal["b", "__end__"]:
    return "b"


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@entrypoint(checkpointer=InMemorySaver())
def flow(x: int) -> int:
    return x


def shown(drawn: Any) -> object:
    """The JSON with each node's `id` keys renamed (the normaliser would hide their values)."""
    out = drawn.to_json()
    nodes = []
    for node in out["nodes"]:
        entry = {"keys": sorted(node), "node": node["id"], "metadata": node.get("metadata")}
        if "data" in node:
            last = node["data"]["id"][-1]
            runs = "function" if last in ("RunnableCallable", "NodeSpec") else last
            entry.update(type=node["type"], runs=runs, name=node["data"]["name"])
            entry["data keys"] = sorted(node["data"])
        nodes.append(entry)
    return {"keys": sorted(out), "nodes": nodes, "edges": out["edges"]}


def branching() -> Any:
    builder = StateGraph(State)
    builder.add_node("a", step)
    builder.add_node("b", step, metadata={"team": "ops"})
    builder.add_node("tools", ToolNode([add]))
    builder.add_node("lambda", RunnableLambda(lambda state: {"log": ["l"]}))
    builder.add_edge(START, "a")
    builder.add_conditional_edges("a", route)
    builder.add_conditional_edges("b", lambda s: "x", {"x": "tools", "y": "lambda"})
    builder.add_edge("tools", END)
    builder.add_edge("lambda", END)
    return builder.compile(interrupt_before=["b"], interrupt_after=["tools"])


def nested() -> Any:
    leaf = StateGraph(State)
    leaf.add_node("l1", step)
    leaf.add_node("l2", step)
    leaf.add_edge(START, "l1")
    leaf.add_edge("l1", "l2")
    inner = StateGraph(State)
    inner.add_node("i1", step)
    inner.add_node("leaf", leaf.compile())
    inner.add_edge(START, "i1")
    inner.add_edge("i1", "leaf")
    wide = StateGraph(State)
    wide.add_node("w1", step)
    wide.add_node("w2", step)
    wide.add_edge(START, "w1")
    wide.add_edge(START, "w2")
    outer = StateGraph(State)
    outer.add_node("first", step)
    outer.add_node("inner", inner.compile())
    outer.add_node("wide", wide.compile())
    outer.add_node("last", step)
    outer.add_edge(START, "first")
    outer.add_edge("first", "inner")
    outer.add_edge("inner", "wide")
    outer.add_edge("wide", "last")
    return outer.compile()


def run() -> object:
    graph = nested()
    return {
        "branching": shown(branching().get_graph()),
        "plain": shown(graph.get_graph()),
        "xray 1": shown(graph.get_graph(xray=1)),
        "xray all": shown(graph.get_graph(xray=True)),
        "entrypoint": shown(flow.get_graph()),
    }
