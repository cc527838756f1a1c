"""A compiled subgraph with async nodes, used as a node of a graph run with `ainvoke`/`astream`:
it runs through the subgraph's own async API, pauses, and resumes through the parent."""

from __future__ import annotations

import asyncio
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    x: str


async def inner(state: State) -> dict[str, Any]:
    await asyncio.sleep(0)
    return {"x": state["x"] + "i" + interrupt("suffix?")}


def build() -> Any:
    child = StateGraph(State)
    child.add_node("inner", inner)
    child.add_edge(START, "inner")
    parent = StateGraph(State)
    parent.add_node("child", child.compile())
    parent.add_edge(START, "child")
    return parent.compile(checkpointer=InMemorySaver())


async def test_an_async_subgraph_node_pauses_and_resumes_through_the_parent() -> None:
    graph = build()
    config = {"configurable": {"thread_id": "a"}}
    paused = await graph.ainvoke({"x": "a"}, config)
    assert [i.value for i in paused["__interrupt__"]] == ["suffix?"]
    assert await graph.ainvoke(Command(resume="!"), config) == {"x": "ai!"}


async def test_an_async_subgraph_streams_under_its_namespace() -> None:
    graph = build()
    chunks = [
        c
        async for c in graph.astream(
            {"x": "b"}, {"configurable": {"thread_id": "b"}}, subgraphs=True
        )
    ]
    namespaces = [ns for ns, _ in chunks]
    assert namespaces[0][0].startswith("child:")
    assert namespaces[-1] == ()
    assert all("__interrupt__" in chunk for _, chunk in chunks)


class Count(TypedDict, total=False):
    x: int


def test_a_subgraph_inherits_the_runs_durability() -> None:
    """With durability="exit" the subgraph, like its parent, stores only its last checkpoint."""
    inner = StateGraph(Count)
    for name in "abc":
        inner.add_node(name, lambda state: {"x": state.get("x", 0) + 1})
    inner.add_edge(START, "a")
    inner.add_edge("a", "b")
    inner.add_edge("b", "c")
    outer = StateGraph(Count)
    outer.add_node("child", inner.compile())
    outer.add_edge(START, "child")
    stored = {}
    for mode in ("sync", "exit"):
        saver = InMemorySaver()
        graph = outer.compile(checkpointer=saver)
        config = {"configurable": {"thread_id": "t"}}
        assert graph.invoke({"x": 0}, config, durability=mode) == {"x": 3}
        namespaces = [t.config["configurable"]["checkpoint_ns"] for t in saver.list(None)]
        stored[mode] = sum(1 for ns in namespaces if ns)
    assert stored == {"sync": 5, "exit": 1}
