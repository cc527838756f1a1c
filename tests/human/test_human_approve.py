"""`signoff.human.approve`: an Agent Inbox request in, a typed `Decision` out."""

from __future__ import annotations

from typing import Any

import pytest
from human_support import State, config, footprint, one_node

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.errors import InvalidAnswerError
from signoff.human import Decision, approve, review
from signoff.types import Command

ARGS = {"to": "alice@example.com", "subject": "Hi"}


def approving(**options: Any) -> Any:
    def node(state: State) -> State:
        decision = approve("send_email", dict(ARGS), **options)
        return {"value": decision}

    return node


def test_the_request_has_the_agent_inbox_shape(memory: BaseCheckpointSaver) -> None:
    node = approving(description="Send it?", allow_respond=True, allow_ignore=True)
    (pending,) = one_node(node, memory).invoke({}, config("t"))["__interrupt__"]
    assert pending.value == {
        "action_request": {"action": "send_email", "args": ARGS},
        "config": {
            "allow_accept": True,
            "allow_edit": True,
            "allow_respond": True,
            "allow_ignore": True,
        },
        "description": "Send it?",
    }
    assert pending.response_schema["properties"]["type"] == {
        "enum": ["accept", "edit", "response", "ignore"]
    }


@pytest.mark.parametrize(
    ("answer", "decision"),
    [
        ({"type": "accept"}, Decision("accept", ARGS)),
        ({"type": "accept", "args": None}, Decision("accept", ARGS)),
        (
            {"type": "edit", "args": {"to": "bob@example.com"}},
            Decision("edit", {"to": "bob@example.com"}),
        ),
        (
            {"type": "edit", "args": {"action": "send_email", "args": {"to": "b@x.org"}}},
            Decision("edit", {"to": "b@x.org"}),
        ),
        (
            {"type": "response", "args": "Ask Carol first"},
            Decision("response", None, "Ask Carol first"),
        ),
        ({"type": "ignore", "args": None}, Decision("ignore")),
        ([{"type": "ignore", "args": None}], Decision("ignore")),
    ],
    ids=["accept", "accept-null-args", "edit", "edit-action-request", "response", "ignore", "list"],
)
def test_each_response_type_becomes_a_decision(
    saver: BaseCheckpointSaver, answer: Any, decision: Decision
) -> None:
    graph = one_node(approving(allow_respond=True, allow_ignore=True), saver)
    graph.invoke({}, config("t"))
    result = graph.invoke(Command(resume=answer), config("t"))["value"]
    assert result == decision
    assert result.accepted is (decision.kind in ("accept", "edit"))
    assert (result.args is None) is (decision.kind in ("response", "ignore"))


@pytest.mark.parametrize(
    ("options", "answer", "path"),
    [
        ({}, {"type": "ignore"}, "type"),
        ({}, {"type": "response", "args": "no"}, "type"),
        ({"allow_edit": False}, {"type": "edit", "args": {"to": "x"}}, "type"),
        ({}, {"type": "edit"}, "args"),
        ({}, {"type": "edit", "args": "to bob"}, "args"),
        ({"allow_respond": True}, {"type": "response", "args": {"text": "no"}}, "args"),
        ({}, {"type": "approve"}, "type"),
        ({}, True, "(answer)"),
    ],
)
def test_a_response_the_request_does_not_allow_is_refused_like_an_invalid_answer(
    saver: BaseCheckpointSaver, options: dict[str, Any], answer: Any, path: str
) -> None:
    ran: list[int] = []

    def node(state: State) -> State:
        ran.append(1)
        return {"value": approve("send_email", ARGS, **options)}

    graph = one_node(node, saver)
    graph.invoke({}, config("t"))
    before = footprint(saver, "t")
    with pytest.raises(InvalidAnswerError) as caught:
        graph.invoke(Command(resume=answer), config("t"))
    assert caught.value.path == path
    assert ran == [1] and footprint(saver, "t") == before
    assert graph.invoke(Command(resume={"type": "accept"}), config("t"))["value"].kind == "accept"


def test_a_decision_drives_the_action(memory: BaseCheckpointSaver) -> None:
    sent: list[dict[str, Any]] = []

    def node(state: State) -> State:
        decision = approve("send_email", dict(ARGS), allow_respond=True)
        if decision.accepted and decision.args is not None:
            sent.append(decision.args)
            return {"value": "sent"}
        return {"value": f"not sent: {decision.response}"}

    graph = one_node(node, memory)
    graph.invoke({}, config("a"))
    graph.invoke(
        Command(resume={"type": "edit", "args": {**ARGS, "subject": "Hello"}}), config("a")
    )
    graph.invoke({}, config("b"))
    result = graph.invoke(Command(resume={"type": "response", "args": "later"}), config("b"))
    assert sent == [{**ARGS, "subject": "Hello"}]
    assert result == {"value": "not sent: later"}


def test_review_returns_the_edited_draft_or_the_original(memory: BaseCheckpointSaver) -> None:
    def node(state: State) -> State:
        return {"value": review("Dear Alice", instructions="Fix the tone")}

    graph = one_node(node, memory)
    (pending,) = graph.invoke({}, config("a"))["__interrupt__"]
    assert pending.value["action_request"] == {"action": "review", "args": {"draft": "Dear Alice"}}
    assert pending.value["description"] == "Fix the tone"
    edited = graph.invoke(
        Command(resume={"type": "edit", "args": {"draft": "Hi Alice"}}), config("a")
    )
    assert edited == {"value": "Hi Alice"}
    graph.invoke({}, config("b"))
    assert graph.invoke(Command(resume={"type": "accept"}), config("b")) == {"value": "Dear Alice"}


def test_two_approvals_in_one_node_each_get_their_own_decision(
    saver: BaseCheckpointSaver,
) -> None:
    def node(state: State) -> State:
        first = approve("refund", {"amount": 10})
        second = approve("notify", {"channel": "email"}, allow_ignore=True)
        return {"value": [first.kind, second.kind]}

    graph = one_node(node, saver)
    graph.invoke({}, config("t"))
    graph.invoke(Command(resume={"type": "accept"}), config("t"))
    assert graph.invoke(Command(resume={"type": "ignore"}), config("t")) == {
        "value": ["accept", "ignore"]
    }
