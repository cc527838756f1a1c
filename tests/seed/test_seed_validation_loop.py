"""Seed pattern: a validation loop that asks again until the answer is valid."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from signoff.types import Command


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("validation_loop")


def questions(result: dict[str, Any]) -> list[Any]:
    """The values of the interrupts a paused invoke returned."""
    return [pending.value for pending in result["__interrupt__"]]


def test_invalid_answers_are_asked_again_with_a_clearer_prompt(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "age"}}
    graph = example.graph

    assert questions(graph.invoke({}, config=config)) == ["What is your age?"]
    assert questions(graph.invoke(Command(resume="not a number"), config=config)) == [
        "'not a number' is not a valid age. Please enter a positive number."
    ]
    assert questions(graph.invoke(Command(resume=-3), config=config)) == [
        "'-3' is not a valid age. Please enter a positive number."
    ]
    assert graph.invoke(Command(resume=25), config=config) == {"age": 25}
    assert graph.get_state(config).next == ()


def test_each_new_question_is_a_new_interrupt(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "ids"}}
    first = example.graph.invoke({}, config=config)["__interrupt__"][0]
    second = example.graph.invoke(Command(resume="no"), config=config)["__interrupt__"][0]

    assert first.id != second.id
    assert [i.id for i in example.graph.get_state(config).interrupts] == [second.id]


def test_a_valid_first_answer_finishes_at_once(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "quick"}}
    example.graph.invoke({}, config=config)

    assert example.graph.invoke(Command(resume=41), config=config) == {"age": 41}
