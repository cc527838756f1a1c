"""Seed pattern: several interrupts in one node, answered in order (and the order rule)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("multiple_interrupts")


def test_answers_are_matched_to_questions_in_order(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "profile"}}
    graph = example.graph

    first = graph.invoke({}, config=config)
    assert [i.value for i in first["__interrupt__"]] == ["What's your name?"]
    assert [i.value for i in graph.get_state(config).interrupts] == ["What's your name?"]

    second = graph.invoke(Command(resume="Ada"), config=config)
    assert [i.value for i in second["__interrupt__"]] == ["What's your age?"]
    assert second["__interrupt__"][0].id != first["__interrupt__"][0].id
    assert graph.get_state(config).next == ("ask",)

    assert graph.invoke(Command(resume=36), config=config) == {"name": "Ada", "age": 36}


class Profile(TypedDict, total=False):
    needs_age: bool
    name: str
    age: int
    city: str


def conditional_node(state: Profile) -> dict[str, Any]:
    """The seed's conditional example: fine as long as the condition is stable within a run."""
    update: dict[str, Any] = {"name": interrupt("What's your name?")}
    if state.get("needs_age"):
        update["age"] = interrupt("What's your age?")
    update["city"] = interrupt("What's your city?")
    return update


@pytest.mark.parametrize(
    ("needs_age", "answers", "asked", "final"),
    [
        (
            True,
            ["Ada", 36, "London"],
            ["What's your name?", "What's your age?", "What's your city?"],
            {"needs_age": True, "name": "Ada", "age": 36, "city": "London"},
        ),
        (
            False,
            ["Bob", "Paris"],
            ["What's your name?", "What's your city?"],
            {"needs_age": False, "name": "Bob", "city": "Paris"},
        ),
    ],
)
def test_a_condition_that_holds_for_the_whole_run_keeps_the_order(
    needs_age: bool, answers: list[Any], asked: list[str], final: dict[str, Any]
) -> None:
    builder = StateGraph(Profile)
    builder.add_node("ask", conditional_node)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "conditional"}}

    result = graph.invoke({"needs_age": needs_age}, config)
    seen = []
    for answer in answers:
        seen.append(result["__interrupt__"][0].value)
        result = graph.invoke(Command(resume=answer), config)

    assert seen == asked
    assert result == final
