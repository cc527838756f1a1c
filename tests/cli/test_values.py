"""Parsing what people type and naming targets (in-process: these are pure functions)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import pytest

from signoff.cli.errors import CliError
from signoff.cli.questions import allowed_responses, decision, question_text
from signoff.cli.target import parse_target
from signoff.cli.values import jsonable, parse_answer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("42", 42),
        ('"quoted"', "quoted"),
        ('{"a": [1, null]}', {"a": [1, None]}),
        ("yes", "yes"),
        ("  ship it now ", "ship it now"),
    ],
)
def test_parse_answer(text: str, value: object) -> None:
    assert parse_answer(text, "--value") == value


@pytest.mark.parametrize("text", ['{"a": 1', "[1,", '"open', "12abc", ""])
def test_parse_answer_refuses_broken_json(text: str) -> None:
    with pytest.raises(CliError, match="--value is not valid JSON"):
        parse_answer(text, "--value")


def test_parse_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    file_target = parse_target("sub/flow.py:graph")
    assert (file_target.is_file, file_target.spec) == (True, f"{tmp_path}/sub/flow.py:graph")
    module_target = parse_target("pkg.flows:make.graph")
    assert (module_target.is_file, module_target.spec) == (False, "pkg.flows:make.graph")
    for bad in ("flow.py", ":graph", "flow.py:", "flow.py:1x", "not a module:graph"):
        with pytest.raises(CliError):
            parse_target(bad)


@dataclasses.dataclass
class Point:
    x: int
    when: datetime


def test_jsonable() -> None:
    from langchain_core.messages import AIMessage

    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    value = {"p": Point(1, moment), "s": {3, 1}, "t": (1, b"hi"), "m": AIMessage("hey", id="m1")}
    assert jsonable(value) == {
        "p": {"x": 1, "when": "2030-01-02T03:04:05+00:00"},
        "s": [1, 3],
        "t": [1, "aGk="],
        "m": {"type": "ai", "content": "hey", "id": "m1"},
    }


def test_approval_helpers() -> None:
    request = {
        "action_request": {"action": "pay", "args": {"amount": 5}},
        "config": {"allow_accept": True, "allow_edit": False, "allow_respond": True},
        "description": "Pay the invoice?",
    }
    assert allowed_responses(request) == ["accept", "respond"]
    assert question_text(request) == "approve pay: Pay the invoice?"
    assert decision("respond", "no") == {"type": "response", "args": "no"}
    assert question_text("x" * 100, 10) == "xxxxxxxxx…"
