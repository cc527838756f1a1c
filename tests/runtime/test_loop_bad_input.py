"""Issue 3 "Bad input": a wrong node name, a failing reducer, a key outside the schema, a resume
with nothing pending, a non-dict input — one clear error from `invoke`, stored checkpoints
unchanged. Run on a memory and a SQLite-file saver; "unchanged" is checked by comparing
`saver.list` before and after. Where LangGraph 1.2.22 was checked (under /work/lgvenv) the test
says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.errors import InvalidUpdateError
from signoff.graph import END, START, StateGraph
from signoff.types import Command


@pytest.fixture(params=["memory", "sqlite"])
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    if request.param == "memory":
        yield InMemorySaver()
        return
    with SqliteSaver.from_conn_string(str(tmp_path / "bad_input.db")) as sqlite:
        yield sqlite


def footprint(saver: BaseCheckpointSaver, config: Any) -> list[Any]:
    """Everything stored for the thread, newest first."""
    return [
        (c.checkpoint["id"], c.metadata, c.checkpoint["channel_values"], c.pending_writes)
        for c in saver.list(config)
    ]


def picky(current: list[str], update: Any) -> list[str]:
    """A reducer that refuses a value it cannot fold."""
    if not isinstance(update, str):
        raise TypeError(f"picky() folds strings, got {update!r}")
    return [*current, update]


class State(TypedDict, total=False):
    mode: str
    log: Annotated[list[str], picky]


def first(state: State) -> Any:
    mode = state.get("mode")
    if mode == "reducer":
        return {"log": 42}
    if mode == "stray":
        return {"log": "first", "colour": "red"}
    if mode == "goto":
        return Command(goto="ghost")
    return {"log": "first"}


def second(state: State) -> dict[str, Any]:
    return {"log": "second"}


def build(saver: BaseCheckpointSaver) -> Any:
    builder = StateGraph(State)
    builder.add_node("first", first)
    builder.add_node("second", second)
    builder.add_edge(START, "first")
    builder.add_edge("first", "second")
    builder.add_edge("second", END)
    return builder.compile(checkpointer=saver)


def ran_once(saver: BaseCheckpointSaver, thread: str) -> tuple[Any, Any, list[Any]]:
    graph = build(saver)
    config = {"configurable": {"thread_id": thread}}
    assert graph.invoke({"mode": "ok"}, config) == {"mode": "ok", "log": ["first", "second"]}
    return graph, config, footprint(saver, config)


# --- a node name that does not exist -----------------------------------------------------------


def test_an_edge_to_an_unknown_node_fails_at_compile_naming_it() -> None:
    builder = StateGraph(State)
    builder.add_node("first", first)
    builder.add_edge(START, "first")
    builder.add_edge("first", "frist")
    with pytest.raises(ValueError, match="unknown node `frist`"):
        builder.compile()


def test_a_path_map_naming_an_unknown_node_fails_at_compile_naming_it() -> None:
    builder = StateGraph(State)
    builder.add_node("first", first)
    builder.add_edge(START, "first")
    builder.add_conditional_edges("first", lambda state: "on", {"on": "sceond"})
    with pytest.raises(ValueError, match=r"'first'.*unknown target 'sceond'"):
        builder.compile()


def test_a_goto_to_an_unknown_node_fails_naming_it_and_applies_nothing(
    saver: BaseCheckpointSaver,
) -> None:
    graph, config, before = ran_once(saver, "goto")
    with pytest.raises(InvalidUpdateError, match="'first' went to unknown node 'ghost'"):
        graph.invoke({"mode": "goto"}, config)
    after = footprint(saver, config)
    assert after[-len(before) :] == before  # what was stored is untouched
    assert graph.get_state(config).values["log"] == ["first", "second"]


# --- a reducer that raises ---------------------------------------------------------------------


def test_a_failing_reducer_raises_its_error_and_stores_nothing_of_the_step(
    saver: BaseCheckpointSaver,
) -> None:
    graph, config, before = ran_once(saver, "reducer")
    with pytest.raises(TypeError, match="picky"):
        graph.invoke({"mode": "reducer"}, config)
    after = footprint(saver, config)
    assert after[-len(before) :] == before
    stored_writes = [w for *_, writes in after for w in writes]
    assert all(value != 42 for _, _, value in stored_writes)
    state = graph.get_state(config)
    assert state.values == {"mode": "reducer", "log": ["first", "second"]}
    assert state.next == ("first",)


def test_a_failing_reducer_error_names_the_key_and_the_node(saver: BaseCheckpointSaver) -> None:
    graph, config, _ = ran_once(saver, "reducer-named")
    with pytest.raises(Exception) as raised:
        graph.invoke({"mode": "reducer"}, config)
    text = "\n".join([str(raised.value), *getattr(raised.value, "__notes__", [])])
    assert "'log'" in text
    assert "'first'" in text


def test_a_reducer_refusing_the_input_leaves_the_checkpoints_unchanged(
    saver: BaseCheckpointSaver,
) -> None:
    graph, config, before = ran_once(saver, "reducer-input")
    with pytest.raises(TypeError, match="picky"):
        graph.invoke({"log": 42}, config)
    assert footprint(saver, config) == before


# --- a state key not in the schema -------------------------------------------------------------


def test_a_node_returning_only_keys_outside_the_schema_is_refused_naming_them(
    saver: BaseCheckpointSaver,
) -> None:
    """A dict with none of the state's keys (a typo) would lose the whole update: refused, naming
    the node and the keys, and the step stores nothing."""
    builder = StateGraph(Typo)
    builder.add_node("paint", lambda state: {"colour": "red"})
    builder.add_edge(START, "paint")
    graph = builder.compile(checkpointer=saver)
    config = {"configurable": {"thread_id": "typo"}}
    with pytest.raises(InvalidUpdateError, match=r"'paint'.*\['colour'\].*color"):
        graph.invoke({"color": "blue"}, config)
    assert graph.get_state(config).next == ("paint",)


def test_a_node_returning_known_and_unknown_keys_keeps_the_known_ones(
    saver: BaseCheckpointSaver,
) -> None:
    """As LangGraph 1.2.22: keys outside the schema beside known ones are dropped."""
    builder = StateGraph(Typo)
    builder.add_node("paint", lambda state: {"color": "red", "colour": "red"})
    builder.add_edge(START, "paint")
    graph = builder.compile(checkpointer=saver)
    assert graph.invoke({"color": "blue"}, {"configurable": {"thread_id": "mixed"}}) == {
        "color": "red"
    }


class Typo(TypedDict):
    color: str


# --- a resume value for a thread with no pending interrupt --------------------------------------


def test_resuming_a_finished_thread_runs_nothing_and_returns_its_state(
    saver: BaseCheckpointSaver,
) -> None:
    """As LangGraph 1.2.22: no error, the state as it is, no new checkpoint. (LangGraph also
    stores the value as a pending `__resume__` write; signoff stores nothing at all.)"""
    graph, config, before = ran_once(saver, "finished")
    out = graph.invoke(Command(resume="late answer"), config)
    assert out == {"mode": "ok", "log": ["first", "second"]}
    assert footprint(saver, config) == before


# --- a non-dict input --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [5, "text", ["log"]], ids=["int", "str", "list"])
def test_a_non_dict_input_is_refused_before_anything_is_stored(
    saver: BaseCheckpointSaver, bad: Any
) -> None:
    """signoff checks the input before storing it (LangGraph 1.2.22 stores an input checkpoint
    with the error); the message is LangGraph's."""
    graph, config, before = ran_once(saver, f"non-dict-{type(bad).__name__}")
    with pytest.raises(InvalidUpdateError) as raised:
        graph.invoke(bad, config)
    assert str(raised.value).splitlines()[0] == f"Expected dict, got {bad}"
    assert footprint(saver, config) == before
    fresh = {"configurable": {"thread_id": f"fresh-{type(bad).__name__}"}}
    with pytest.raises(InvalidUpdateError):
        graph.invoke(bad, fresh)
    assert footprint(saver, fresh) == []
