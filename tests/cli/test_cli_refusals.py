"""Input the command refuses with one line and exit 2, leaving the database as it was; and
`expire`, which handles each thread on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_helpers import Workspace, assert_one_line_error, cli_env


def test_answer_refuses_a_target_other_than_the_threads(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph")["thread_id"]
    before = ws.dump()
    result = ws.signoff("answer", thread, "--value", "true", "--target", "approval_graph.py:graph")
    assert_one_line_error(
        result, 2, f"thread {thread} ran", "approval_graph.py:graph", "without --target"
    )
    assert ws.dump() == before
    same = ws.signoff("answer", thread, "--value", "true", "--target", "plain_graph.py:graph")
    assert same.code == 0, same.err


def test_input_file_must_hold_an_object(ws: Workspace) -> None:
    for name, text, kind in (("list.json", "[1, 2]", "an array"), ("n.json", "3", "a number")):
        (ws.root / name).write_text(text)
        result = ws.signoff("run", "plain_graph.py:graph", "--input-file", name)
        assert_one_line_error(result, 2, f"--input-file '{name}'", "JSON object", kind)
    assert not Path(ws.db).exists()


@pytest.mark.parametrize("url", ["mysql://u:secret@host/db", "sqlite:///x.db", "redis://h"])
def test_an_unknown_database_scheme_is_a_usage_error(ws: Workspace, url: str) -> None:
    for command in (["inbox"], ["run", "plain_graph.py:graph", "--no-input"], ["threads"]):
        result = ws.cli(*command, "--db", url)
        line = assert_one_line_error(
            result, 2, "--db", "unknown scheme", "SQLite file path", "postgresql://"
        )
        assert "secret" not in line
    from_env = ws.cli("threads", env=cli_env(SIGNOFF_DB=url))
    assert_one_line_error(from_env, 2, "$SIGNOFF_DB", "unknown scheme")
    assert sorted(p.name for p in ws.root.iterdir() if not p.name.endswith(".py")) == []


def test_expire_goes_on_when_one_thread_cannot_be_loaded(ws: Workspace) -> None:
    shutil.copy(ws.graph("deadline_graph"), ws.root / "deadline_copy.py")
    lost = ws.start("deadline_copy.py:graph")["thread_id"]
    kept = ws.start("deadline_graph.py:graph")["thread_id"]
    (ws.root / "deadline_copy.py").unlink()

    result = ws.signoff("expire", "--json")
    assert result.code == 2, result.err
    report = {entry["thread_id"]: entry for entry in result.json()}
    assert report[kept]["status"] == "done"
    assert report[lost]["status"] == "error"
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.err
    line = errors[0]
    assert f"thread {lost} ran" in line and "skipped" in line
    assert f"signoff answer {lost} --target" in line
    assert "pass --target" not in line  # expire has no --target option
    assert ws.signoff("show", kept, "--json").json()["values"] == {"ship": "auto"}
    assert [i["thread_id"] for i in ws.signoff("inbox", "--json").json()] == [lost]


def test_expire_help_documents_its_exit_codes(ws: Workspace) -> None:
    text = ws.cli("expire", "--help").out
    assert "Exit codes" in text and "others" in text
