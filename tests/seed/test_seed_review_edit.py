"""Seed pattern: review and edit a generated draft (examples/review_edit.py)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from signoff.types import Command

EDITED = "Dear valued customer, we appreciate your inquiry about..."


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("review_edit")


def test_the_draft_is_shown_for_review(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "review"}}
    result = example.graph.invoke({"topic": "billing"}, config=config)

    assert result["topic"] == "billing"
    assert "email" not in result
    [pending] = result["__interrupt__"]
    assert pending.value == {
        "instruction": "Review and edit this email draft",
        "content": "Dear customer, thank you for contacting us about billing...",
    }


def test_the_edited_text_becomes_the_email(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "edit"}}
    example.graph.invoke({"topic": "billing"}, config=config)
    result = example.graph.invoke(Command(resume=EDITED), config=config)

    assert result == {"topic": "billing", "email": EDITED}
    assert example.graph.get_state(config).values == {"topic": "billing", "email": EDITED}
