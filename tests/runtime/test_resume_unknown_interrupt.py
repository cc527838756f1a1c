"""A resume map naming an interrupt that is not pending is refused, and nothing of it is stored.

LangGraph 1.2.22 silently ignores unknown ids in `Command(resume={id: value})` (the node runs again
and asks the same question, or a mixed map answers only the known ids). signoff raises
`UnknownInterruptError` listing the pending ids instead, so a typo or a stale id cannot be mistaken
for an answer; these tests pin that deliberate difference on a memory and a SQLite saver.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.errors import InterruptAlreadyAnsweredError, UnknownInterruptError
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

UNKNOWN = "0" * 32


class State(TypedDict, total=False):
    legal: str
    finance: str


@pytest.fixture(params=["memory", "sqlite"])
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    if request.param == "memory":
        yield InMemorySaver()
        return
    with SqliteSaver.from_conn_string(str(tmp_path / "threads.db")) as sqlite:
        yield sqlite


def build(saver: BaseCheckpointSaver, runs: list[str]) -> Any:
    def legal(state: State) -> dict[str, Any]:
        runs.append("legal")
        return {"legal": interrupt("legal ok?")}

    def finance(state: State) -> dict[str, Any]:
        runs.append("finance")
        return {"finance": interrupt("finance ok?")}

    builder = StateGraph(State)
    builder.add_node("legal", legal)
    builder.add_node("finance", finance)
    builder.add_edge(START, "legal")
    builder.add_edge(START, "finance")
    builder.add_edge("legal", END)
    builder.add_edge("finance", END)
    return builder.compile(checkpointer=saver)


def pending(graph: Any, config: Any) -> dict[str, str]:
    return {i.value: i.id for i in graph.get_state(config).interrupts}


def test_unknown_id_alone_is_refused_and_lists_pending_ids(saver: BaseCheckpointSaver) -> None:
    runs: list[str] = []
    graph = build(saver, runs)
    config = {"configurable": {"thread_id": "unknown-alone"}}
    graph.invoke({}, config)
    before = pending(graph, config)
    history = len(list(graph.get_state_history(config)))
    runs.clear()

    with pytest.raises(UnknownInterruptError) as raised:
        graph.invoke(Command(resume={UNKNOWN: "yes"}), config)

    error = raised.value
    assert isinstance(error, ValueError)
    assert error.reason == "not_pending"
    assert error.interrupt_ids == (UNKNOWN,)
    assert error.pending_ids == tuple(sorted(before.values()))
    assert UNKNOWN in str(error) and "unknown-alone" in str(error)
    assert all(iid in str(error) for iid in before.values())
    assert runs == []
    assert pending(graph, config) == before
    assert len(list(graph.get_state_history(config))) == history


def test_map_mixing_known_and_unknown_ids_stores_no_answer(saver: BaseCheckpointSaver) -> None:
    runs: list[str] = []
    graph = build(saver, runs)
    config = {"configurable": {"thread_id": "unknown-mixed"}}
    graph.invoke({}, config)
    ids = pending(graph, config)

    with pytest.raises(UnknownInterruptError):
        graph.invoke(Command(resume={ids["legal ok?"]: "L", UNKNOWN: "?"}), config)

    assert pending(graph, config) == ids
    assert graph.get_state(config).values == {}
    done = graph.invoke(Command(resume={ids["legal ok?"]: "L", ids["finance ok?"]: "F"}), config)
    assert done == {"legal": "L", "finance": "F"}


def test_already_answered_id_is_not_reported_as_unknown(saver: BaseCheckpointSaver) -> None:
    runs: list[str] = []
    graph = build(saver, runs)
    config = {"configurable": {"thread_id": "answered"}}
    graph.invoke({}, config)
    ids = pending(graph, config)
    graph.invoke(Command(resume={ids["legal ok?"]: "L"}), config)

    with pytest.raises(InterruptAlreadyAnsweredError) as raised:
        graph.invoke(Command(resume={ids["legal ok?"]: "again"}), config)

    assert raised.value.interrupt_id == ids["legal ok?"]
    assert graph.get_state(config).values == {"legal": "L"}
    assert pending(graph, config) == {"finance ok?": ids["finance ok?"]}
