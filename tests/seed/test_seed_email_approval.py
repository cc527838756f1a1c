"""The seed's hands-on exercise: email approval (examples/email_approval.py, the main job)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from signoff.types import Command

INPUT = {"to": "alice@example.com", "topic": "meeting"}
DRAFT = "Dear Alice,\n\nRegarding the meeting, I wanted to reach out..."
EDITED = "Hi Alice, see you at 3."


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("email_approval")


def test_the_draft_waits_for_approval(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "email-1"}}
    result = example.graph.invoke(INPUT, config=config)

    assert result["draft"] == DRAFT
    assert "result" not in result
    [pending] = result["__interrupt__"]
    assert pending.value == {
        "action_request": {
            "action": "send_email",
            "args": {"to": "alice@example.com", "body": DRAFT},
        },
        "config": {
            "allow_accept": True,
            "allow_edit": True,
            "allow_respond": False,
            "allow_ignore": True,
        },
        "description": "Approve, edit, or reject?",
    }
    assert example.graph.get_state(config).next == ("approve",)


@pytest.mark.parametrize(
    ("answer", "outcome", "draft"),
    [
        ({"action": "approve"}, f"Email sent to alice@example.com: {DRAFT}", DRAFT),
        ({"action": "edit", "text": EDITED}, f"Email sent to alice@example.com: {EDITED}", EDITED),
        ({"action": "reject"}, "Email cancelled.", DRAFT),
        ({"type": "accept"}, f"Email sent to alice@example.com: {DRAFT}", DRAFT),
        (
            {"type": "edit", "args": {"to": "alice@example.com", "body": EDITED}},
            f"Email sent to alice@example.com: {EDITED}",
            EDITED,
        ),
        (
            {"type": "edit", "args": {"action": "send_email", "args": {"body": EDITED}}},
            f"Email sent to alice@example.com: {EDITED}",
            EDITED,
        ),
        ({"type": "ignore"}, "Email cancelled.", DRAFT),
        ({"type": "response", "args": "not today"}, "Email cancelled.", DRAFT),
        ({"action": "maybe"}, "Email cancelled.", DRAFT),
        ("yes", "Email cancelled.", DRAFT),
    ],
    ids=[
        "approve",
        "edit",
        "reject",
        "inbox-accept",
        "inbox-edit-args",
        "inbox-edit-action-request",
        "inbox-ignore",
        "inbox-response",
        "unknown-action",
        "not-a-dict",
    ],
)
def test_the_answer_sends_edits_or_cancels(
    example: ModuleType, answer: Any, outcome: str, draft: str
) -> None:
    config = {"configurable": {"thread_id": "answer"}}
    example.graph.invoke(INPUT, config=config)
    result = example.graph.invoke(Command(resume=answer), config=config)

    assert result == {**INPUT, "draft": draft, "result": outcome}
    assert example.graph.get_state(config).next == ()


def test_an_inbox_edit_can_change_the_recipient(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "recipient"}}
    example.graph.invoke(INPUT, config=config)
    answer = {"type": "edit", "args": {"to": "bob@example.com", "body": EDITED}}
    result = example.graph.invoke(Command(resume=answer), config=config)

    assert result["result"] == f"Email sent to bob@example.com: {EDITED}"
    assert example.graph.get_state(config).values["to"] == "bob@example.com"


def test_the_exercise_expected_result(example: ModuleType) -> None:
    """The seed's 'Expected Result', line by line."""
    config = {"configurable": {"thread_id": "email-1"}}
    result = example.graph.invoke({"to": "alice@example.com", "topic": "meeting"}, config=config)
    assert result["__interrupt__"][0].value["description"] == "Approve, edit, or reject?"
    assert (
        result["__interrupt__"][0].value["action_request"]["args"]["body"].startswith("Dear Alice")
    )

    result = example.graph.invoke(Command(resume={"action": "approve"}), config=config)
    assert result["result"].startswith("Email sent to alice@example.com")


def test_the_greeting_uses_the_name_in_the_address(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "name"}}
    result = example.graph.invoke({"to": "alice.smith@example.com", "topic": "budget"}, config)

    assert result["draft"].startswith("Dear Alice Smith,\n\nRegarding the budget,")
