"""`defer=True`: a node runs when nothing else is left to run, once, after every branch — the
map-reduce finalizer — and its waiting survives a pause and a restart."""

from __future__ import annotations

import operator
from pathlib import Path
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.channels import LastValueAfterFinish
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.graph import START, StateGraph
from signoff.types import Command, Send, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def node(name: str) -> Any:
    def fn(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return fn


def test_channel_is_readable_only_after_finish() -> None:
    ch = LastValueAfterFinish(key="branch:to:fin")
    assert ch.update([None]) is True
    assert not ch.is_available()
    assert ch.finish() is True
    assert ch.is_available() and ch.finish() is False
    restored = ch.from_checkpoint(ch.checkpoint())
    assert restored.is_available()
    assert restored.consume() is True
    assert not restored.is_available() and restored.checkpoint() is not None
    assert restored.consume() is False


def test_deferred_node_waits_for_the_longest_branch() -> None:
    builder = StateGraph(State)
    for name in ("short", "long1", "long2", "fin"):
        builder.add_node(name, node(name), defer=name == "fin")
    builder.add_edge(START, "short")
    builder.add_edge(START, "long1")
    builder.add_edge("long1", "long2")
    builder.add_edge("short", "fin")
    builder.add_edge("long2", "fin")
    result = builder.compile().invoke({"log": []})
    assert result == {"log": ["long1", "short", "long2", "fin"]}


def test_a_deferred_node_without_defer_would_run_early() -> None:
    builder = StateGraph(State)
    for name in ("short", "long1", "long2", "fin"):
        builder.add_node(name, node(name))
    builder.add_edge(START, "short")
    builder.add_edge(START, "long1")
    builder.add_edge("long1", "long2")
    builder.add_edge("short", "fin")
    builder.add_edge("long2", "fin")
    assert builder.compile().invoke({"log": []})["log"].count("fin") == 2


def test_map_reduce_finalizer_survives_a_pause_and_a_restart(tmp_path: Path) -> None:
    def review(state: State) -> dict[str, Any]:
        return {"log": ["reviewed:" + interrupt("approve batch?")]}

    def build(saver: SqliteSaver) -> Any:
        builder = StateGraph(State)
        builder.add_node("plan", node("plan"))
        builder.add_node("work", node("work"))
        builder.add_node("review", review)
        builder.add_node("summary", node("summary"), defer=True)
        builder.add_edge(START, "plan")
        builder.add_conditional_edges(
            "plan", lambda s: [Send("work", {}) for _ in range(3)] + ["review"]
        )
        builder.add_edge("work", "summary")
        builder.add_edge("review", "summary")
        return builder.compile(checkpointer=saver)

    path = str(tmp_path / "t.db")
    config = {"configurable": {"thread_id": "batch"}}
    with SqliteSaver.from_conn_string(path) as saver:
        paused = build(saver).invoke({"log": []}, config)
    assert paused["log"] == ["plan", "work", "work", "work"]
    with SqliteSaver.from_conn_string(path) as saver:
        graph = build(saver)
        done = graph.invoke(Command(resume="ok"), config)
        history = [(h.metadata["step"], h.next) for h in graph.get_state_history(config)]
    assert done["log"] == ["plan", "reviewed:ok", "work", "work", "work", "summary"]
    assert history[:2] == [(3, ()), (2, ("summary",))]
