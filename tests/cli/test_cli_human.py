"""Questions from `signoff.human`: `approve` takes accept/edit/respond/ignore, `ask` a value that
its schema checks; a wrong answer names the field path and changes nothing."""

from __future__ import annotations

import json

import pytest
from cli_helpers import Workspace, assert_one_line_error

PERSON = {"name": "Ann", "address": {"city": "Oslo", "zip": "01234"}}


def paused_at_register(ws: Workspace) -> str:
    """A thread whose approval was accepted and which now asks `Where do you live?`."""
    thread = ws.start("human_graph.py:graph")["thread_id"]
    accepted = ws.signoff("answer", thread, "--accept", "--json")
    assert accepted.code == 0, accepted.err
    assert accepted.json()["interrupts"][0]["node"] == "register"
    return thread


def test_approve_request_without_a_terminal_lists_every_allowed_answer(ws: Workspace) -> None:
    result = ws.signoff("run", "human_graph.py:graph", "--thread", "pay-1")
    assert result.code == 0, result.err
    assert "Pay the invoice?" in result.out
    commands = [line.strip() for line in result.out.splitlines() if "signoff answer" in line]
    prefix = f"signoff answer pay-1 --db {ws.db}"
    assert commands == [
        f"{prefix} --accept",
        f"{prefix} --edit '{{\"amount\": 5}}'",
        f"{prefix} --respond 'your reply'",
        f"{prefix} --ignore",
    ]


@pytest.mark.parametrize(
    ("flags", "decision"),
    [
        (["--accept"], {"kind": "accept", "args": {"amount": 5}, "response": None}),
        (["--edit", '{"amount": 7}'], {"kind": "edit", "args": {"amount": 7}, "response": None}),
        (
            ["--respond", "pay next week"],
            {"kind": "response", "args": None, "response": "pay next week"},
        ),
        (["--reject", "too much"], {"kind": "response", "args": None, "response": "too much"}),
        (["--ignore"], {"kind": "ignore", "args": None, "response": None}),
    ],
)
def test_each_approval_answer(ws: Workspace, flags: list[str], decision: dict[str, object]) -> None:
    thread = ws.start("human_graph.py:graph")["thread_id"]
    result = ws.signoff("answer", thread, *flags, "--json")
    assert result.code == 0, result.err
    assert result.json()["values"]["decision"] == decision


def test_ask_question_is_shown_as_text(ws: Workspace) -> None:
    thread = paused_at_register(ws)
    [item] = ws.signoff("inbox", "--json").json()
    assert item["value"] == {"type": "signoff.ask", "question": "Where do you live?"}
    assert item["kind"] == "form"
    assert item["response_schema"]["required"] == ["name", "address"]
    table = ws.signoff("inbox").out
    assert "Where do you live?" in table and "signoff.ask" not in table
    hint = ws.signoff("run", "human_graph.py:graph", "--thread", thread).out
    assert "Where do you live?" in hint and "signoff.ask" not in hint
    example = '{"name": "...", "address": {"city": "...", "zip": "..."}}'
    assert f"signoff answer {thread} --db {ws.db} --value '{example}'" in hint


BAD_ANSWERS = [
    ({"name": "Ann", "address": {"city": "Oslo", "zip": "12"}}, ["at address.zip", "12"]),
    ({"name": "Ann", "address": {"zip": "01234"}}, ["city"]),
    ({"name": 5, "address": PERSON["address"]}, ["at name"]),
    ("Ann from Oslo", ["Ann from Oslo"]),
]


def test_invalid_answers_name_the_field_path_and_change_nothing(ws: Workspace) -> None:
    thread = paused_at_register(ws)
    before = ws.dump()
    for answer, needles in BAD_ANSWERS:
        value = answer if isinstance(answer, str) else json.dumps(answer)
        result = ws.signoff("answer", thread, "--value", value)
        line = assert_one_line_error(result, 2, "invalid answer to interrupt", *needles)
        assert "nothing was stored, the interrupt is still pending" in line
        assert ws.dump() == before
    good = ws.signoff("answer", thread, "--value", json.dumps(PERSON), "--json")
    assert good.code == 0, good.err
    assert good.json()["values"]["person"] == PERSON


def test_approval_answer_the_request_does_not_allow(ws: Workspace) -> None:
    thread = ws.start("approval_graph.py:graph", "--input", '{"to": "a@b.c"}')["thread_id"]
    before = ws.dump()
    assert_one_line_error(
        ws.signoff("answer", thread, "--ignore"),
        2,
        "does not allow ignore",
        "allowed: accept, edit, respond",
    )
    assert ws.dump() == before
