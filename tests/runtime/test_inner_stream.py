"""A node that iterates a compiled graph's own `stream()`: it gets that graph's chunks whether or
not the enclosing run streams subgraphs, a pause inside that graph pauses the node (the node does
not go on as if the graph had finished), and parallel nodes each get only their own graph's chunks.
"""

from __future__ import annotations

import operator
from pathlib import Path
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.sqlite import SqliteSaver
from signoff.config import get_stream_writer
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    tag: str


def build_inner() -> Any:
    def ask(state: State) -> dict[str, Any]:
        return {"log": [f"ask:{interrupt('go on?')}"]}

    inner = StateGraph(State)
    inner.add_node("a", lambda state: {"log": ["a"]})
    inner.add_node("ask", ask)
    inner.add_edge(START, "a")
    inner.add_edge("a", "ask")
    return inner.compile()


def test_a_pause_inside_a_streamed_graph_pauses_the_node(tmp_path: Path) -> None:
    sub = build_inner()
    finished: list[list[object]] = []

    def caller(state: State) -> dict[str, Any]:
        chunks = list(sub.stream({"log": []}, stream_mode="updates"))
        finished.append(chunks)  # only once the inner graph has really finished
        return {"log": [f"caller saw {len(chunks)}"]}

    outer = StateGraph(State)
    outer.add_node("caller", caller)
    outer.add_edge(START, "caller")
    config = {"configurable": {"thread_id": "inner-pause"}}
    with SqliteSaver.from_conn_string(str(tmp_path / "p.db")) as saver:
        graph = outer.compile(checkpointer=saver)
        paused = graph.invoke({"log": []}, config)
        assert [i.value for i in paused["__interrupt__"]] == ["go on?"]
        assert finished == []
        assert graph.get_state(config).next == ("caller",)
    with SqliteSaver.from_conn_string(str(tmp_path / "p.db")) as saver:
        done = outer.compile(checkpointer=saver).invoke(Command(resume="yes"), config)
    # the inner graph goes on from its pause: "a" ran before it and does not run again
    assert done == {"log": ["caller saw 1"]}
    assert finished == [[{"ask": {"log": ["ask:yes"]}}]]


def test_parallel_nodes_each_get_their_own_graphs_chunks() -> None:
    def shout(state: State) -> dict[str, Any]:
        get_stream_writer()(state["tag"])
        return {"log": [state["tag"]]}

    inner = StateGraph(State)
    inner.add_node("shout", shout)
    inner.add_edge(START, "shout")
    sub = inner.compile()
    seen: dict[str, list[object]] = {}

    def caller(tag: str) -> Any:
        def node(state: State) -> dict[str, Any]:
            stream = sub.stream({"tag": tag}, stream_mode=["custom", "updates"])
            seen[tag] = list(stream)
            return {"log": [f"{tag} done"]}

        return node

    outer = StateGraph(State)
    for tag in ("left", "right"):
        outer.add_node(tag, caller(tag))
        outer.add_edge(START, tag)
    chunks = list(outer.compile().stream({"log": []}, stream_mode="updates", subgraphs=True))
    for tag in ("left", "right"):
        assert seen[tag] == [("custom", tag), ("updates", {"shout": {"log": [tag]}})]
    inner_updates = sorted(
        (ns[0].split(":")[0], update["shout"]["log"][0])
        for ns, update in chunks
        if ns and "shout" in update
    )
    assert inner_updates == [("left", "left"), ("right", "right")]
