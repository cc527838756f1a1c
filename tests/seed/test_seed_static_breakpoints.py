"""Seed pattern: static breakpoints (interrupt_before / interrupt_after), stepped with None."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from signoff.checkpoint.memory import InMemorySaver

START_INPUT = {"request": "deploy", "log": []}


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("static_breakpoints")


def test_compiled_breakpoints_stop_after_review_then_before_critical(example: ModuleType) -> None:
    graph = example.graph
    config = {"configurable": {"thread_id": "debug-1"}}

    result = graph.invoke(START_INPUT, config=config)
    assert result == {"request": "deploy", "log": ["prepared deploy", "reviewed"]}
    state = graph.get_state(config)
    assert state.next == ("schedule",)
    assert state.interrupts == ()

    result = graph.invoke(None, config=config)
    assert result["log"] == ["prepared deploy", "reviewed", "scheduled"]
    assert graph.get_state(config).next == ("critical_node",)

    result = graph.invoke(None, config=config)
    assert result["log"] == ["prepared deploy", "reviewed", "scheduled", "executed", "finished"]
    assert graph.get_state(config).next == ()


def test_breakpoints_given_per_call(example: ModuleType) -> None:
    graph = example.builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "per-call"}}

    result = graph.invoke(START_INPUT, config, interrupt_before=["critical_node"])
    assert result["log"] == ["prepared deploy", "reviewed", "scheduled"]
    state = graph.get_state(config)
    assert state.next == ("critical_node",)
    assert [task.name for task in state.tasks] == ["critical_node"]

    result = graph.invoke(None, config)
    assert result["log"][-2:] == ["executed", "finished"]


def test_without_breakpoints_the_graph_runs_through(example: ModuleType) -> None:
    graph = example.builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "plain"}}

    result = graph.invoke(START_INPUT, config)

    assert result["log"] == ["prepared deploy", "reviewed", "scheduled", "executed", "finished"]


def test_a_breakpoint_shows_in_the_updates_stream_as_an_empty_interrupt(
    example: ModuleType,
) -> None:
    config = {"configurable": {"thread_id": "stream"}}

    chunks = list(example.graph.stream(START_INPUT, config, stream_mode="updates"))

    assert chunks == [
        {"prepare": {"log": ["prepared deploy"]}},
        {"review_node": {"log": ["reviewed"]}},
        {"__interrupt__": ()},
    ]
