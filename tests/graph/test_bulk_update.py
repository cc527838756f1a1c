"""`bulk_update_state` / `update_state` on real savers: one checkpoint per superstep, the updates'
writes kept as the paused tasks' results, the inbox emptied, and the async twin on SQLite."""

from __future__ import annotations

import asyncio
import operator
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.errors import InvalidUpdateError
from signoff.graph import END, START, StateGraph
from signoff.types import StateUpdate, interrupt


class State(TypedDict):
    log: Annotated[list[str], operator.add]


def ask(state: State) -> dict[str, Any]:
    return {"log": ["ask:" + interrupt("ok?")]}


def note(state: State) -> dict[str, Any]:
    return {"log": ["note"]}


def build(saver: BaseCheckpointSaver) -> Any:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_node("note", note)
    builder.add_edge(START, "ask")
    builder.add_edge(START, "note")
    builder.add_edge("ask", END)
    return builder.compile(checkpointer=saver)


@pytest.fixture(params=["memory", "sqlite"])
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    if request.param == "memory":
        yield InMemorySaver()
        return
    with SqliteSaver.from_conn_string(str(tmp_path / "threads.db")) as sqlite:
        yield sqlite


def test_an_update_as_the_paused_node_answers_for_it(saver: BaseCheckpointSaver) -> None:
    graph = build(saver)
    config = {"configurable": {"thread_id": "t"}}
    graph.invoke({"log": []}, config)
    assert [r.node for r in graph.pending_interrupts()] == ["ask"]
    paused = graph.get_state(config)

    graph.bulk_update_state(config, [[StateUpdate({"log": ["by hand"]}, "ask")]])

    assert graph.pending_interrupts() == []
    assert graph.get_state(config).next == ()
    results = {t.name: t.result for t in graph.get_state(paused.config).tasks}
    assert results == {"ask": {"log": ["by hand"]}, "note": {"log": ["note"]}}
    # the update is the step: the other paused task's writes are dropped, as in LangGraph
    assert graph.invoke(None, config) == {"log": ["by hand"]}


def test_each_superstep_is_one_checkpoint(saver: BaseCheckpointSaver) -> None:
    graph = build(saver)
    config = {"configurable": {"thread_id": "t"}}
    graph.invoke({"log": []}, config)
    returned = graph.bulk_update_state(
        config,
        [[StateUpdate({"log": ["x"]}, "ask"), StateUpdate({"log": ["y"]}, "note")], [(None, END)]],
    )
    history = list(graph.get_state_history(config))
    assert [(s.metadata["source"], s.metadata["step"]) for s in history[:3]] == [
        ("update", 2),
        ("update", 1),
        ("loop", 0),
    ]
    assert (
        history[0].config["configurable"]["checkpoint_id"]
        == (returned["configurable"]["checkpoint_id"])
    )
    assert history[0].values == {"log": ["x", "y"]}


def test_an_old_checkpoint_is_forked_and_left_as_it_was(saver: BaseCheckpointSaver) -> None:
    graph = build(saver)
    config = {"configurable": {"thread_id": "t"}}
    graph.invoke({"log": []}, config)
    paused = graph.get_state(config)
    graph.update_state(config, None, END)  # the thread moves past `paused`

    graph.update_state(paused.config, {"log": ["late"]}, "ask")

    results = {t.name: t.result for t in graph.get_state(paused.config).tasks}
    assert results == {"ask": None, "note": {"log": ["note"]}}
    latest = graph.get_state(config)
    assert latest.values == {"log": ["late"]}
    assert latest.parent_config == paused.config


def test_several_updates_need_their_nodes(saver: BaseCheckpointSaver) -> None:
    graph = build(saver)
    config = {"configurable": {"thread_id": "t"}}
    graph.invoke({"log": []}, config)
    with pytest.raises(InvalidUpdateError, match="as_node is required"):
        graph.bulk_update_state(config, [[StateUpdate({"log": ["x"]}), (None, "ask")]])
    with pytest.raises(ValueError, match="No updates provided"):
        graph.bulk_update_state(config, [[StateUpdate({"log": ["x"]}, "ask")], []])
    assert graph.get_state(config).next == ("ask",)


def test_async_updates_copy_and_fork_on_sqlite(tmp_path: Path) -> None:
    async def scenario() -> tuple[list[Any], Any]:
        async with AsyncSqliteSaver.from_conn_string(str(tmp_path / "a.db")) as saver:
            graph = build(saver)
            config = {"configurable": {"thread_id": "t"}}
            await graph.ainvoke({"log": []}, config)
            copy = StateUpdate([({"log": ["copied"]}, "ask")], "__copy__")
            await graph.abulk_update_state(config, [[copy]])
            history = [s async for s in graph.aget_state_history(config)]
            return history, await graph.ainvoke(None, config)

    history, result = asyncio.run(scenario())
    assert [s.metadata["source"] for s in history] == ["update", "fork", "loop", "input"]
    fork, paused = history[1], history[2]
    assert fork.parent_config == paused.parent_config  # a sibling of the copied checkpoint
    assert result == {"log": ["copied"]}
