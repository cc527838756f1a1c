"""Bad input exits 2 with one `error:` line naming the problem; the graph raising exits 1.

Every failed command leaves the database exactly as it was.
"""

from __future__ import annotations

import shutil

import pytest
from cli_helpers import Workspace, assert_one_line_error

from signoff.checkpoint.sqlite import SqliteSaver


@pytest.mark.parametrize(
    ("target", "needles"),
    [
        ("missing.py:graph", ["missing.py", "does not exist"]),
        ("plain_graph.py", ["plain_graph.py", ":graph"]),
        ("plain_graph.py:grph", ["grph", "graphs there: builder, graph, paused_graph"]),
        ("plain_graph.py:not_a_graph", ["not_a_graph", "is an int, not a graph"]),
        ("plain_graph.py:needs_args", ["needs_args", "takes arguments"]),
        ("no_such_module:graph", ["no_such_module", "not found"]),
        ("broken_import.py:graph", ["broken_import.py", "RuntimeError: configuration missing"]),
    ],
)
def test_bad_target(ws: Workspace, target: str, needles: list[str]) -> None:
    assert_one_line_error(ws.signoff("run", target), 2, *needles)
    assert not (ws.root / "state").exists()


def test_debug_shows_the_traceback(ws: Workspace) -> None:
    result = ws.signoff("run", "broken_import.py:graph", "--debug")
    assert result.code == 2
    assert "Traceback" in result.err and "configuration missing" in result.err


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--input", "{not json"], ["--input", "not valid JSON"]),
        (["--input", "[1, 2]"], ["--input", "JSON object"]),
        (["--input-file", "nowhere.json"], ["nowhere.json"]),
    ],
)
def test_bad_input(ws: Workspace, args: list[str], needles: list[str]) -> None:
    assert_one_line_error(ws.signoff("run", "plain_graph.py:graph", *args), 2, *needles)


def test_graph_raising_exits_1(ws: Workspace) -> None:
    result = ws.signoff("run", "boom_graph.py:graph", "--no-input")
    assert_one_line_error(result, 1, "ValueError: the mail server is down")
    thread = ws.start("boom_graph.py:later")["thread_id"]
    failed = ws.signoff("answer", thread, "--value", '"now"')
    assert_one_line_error(failed, 1, "ValueError: cannot do 'now'", thread)


def test_unknown_thread(ws: Workspace) -> None:
    ws.start("plain_graph.py:graph")
    before = ws.dump()
    for command in (["answer", "nope", "--value", "1"], ["show", "nope"], ["history", "nope"]):
        assert_one_line_error(ws.signoff(*command), 2, "unknown thread 'nope'")
    assert ws.dump() == before


def test_missing_database(ws: Workspace) -> None:
    assert_one_line_error(ws.signoff("show", "t"), 2, "no signoff database", ws.db)
    assert not (ws.root / "state").exists()


def test_bad_answer_json_changes_nothing(ws: Workspace) -> None:
    thread = ws.start("approval_graph.py:graph", "--input", '{"to": "a@b.c"}')["thread_id"]
    before = ws.dump()
    assert_one_line_error(ws.signoff("answer", thread, "--value", '{"a": '), 2, "--value", "JSON")
    assert_one_line_error(ws.signoff("answer", thread, "--edit", "[1]"), 2, "--edit")
    assert_one_line_error(ws.signoff("answer", thread, "--ignore"), 2, "does not allow ignore")
    assert ws.dump() == before


def test_unknown_and_already_answered_interrupt(ws: Workspace) -> None:
    outcome = ws.start("plain_graph.py:graph")
    thread, iid = outcome["thread_id"], outcome["interrupts"][0]["interrupt_id"]
    before = ws.dump()
    assert_one_line_error(
        ws.signoff("answer", thread, "--interrupt", "feedface", "--value", "1"),
        2,
        "no pending interrupt 'feedface'",
        iid,
    )
    assert ws.dump() == before
    assert ws.signoff("answer", thread, "--interrupt", iid, "--value", "1", "--by", "bob").code == 0
    after = ws.dump()
    again = ws.signoff("answer", thread, "--interrupt", iid, "--value", "2")
    assert_one_line_error(again, 2, iid, "already answered by bob")
    nothing = ws.signoff("answer", thread, "--value", "2")
    assert_one_line_error(nothing, 2, "no pending interrupt")
    assert ws.dump() == after


def test_accept_on_a_plain_interrupt(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph")["thread_id"]
    assert_one_line_error(ws.signoff("answer", thread, "--accept"), 2, "not an approval request")


def test_invalid_answer_names_the_field_and_stores_nothing(ws: Workspace) -> None:
    thread = ws.start("typed_graph.py:graph")["thread_id"]
    before = ws.dump()
    result = ws.signoff("answer", thread, "--value", '{"name": "Ann", "age": "old"}')
    assert_one_line_error(result, 2, "invalid answer", "age")
    assert ws.dump() == before
    assert ws.signoff("inbox", "--json").json()[0]["thread_id"] == thread
    good = ws.signoff("answer", thread, "--value", '{"name": "Ann", "age": 40}', "--json")
    assert good.code == 0, good.err
    assert good.json()["values"]["details"] == {"name": "Ann", "age": 40}


def test_thread_without_stored_target(ws: Workspace) -> None:
    import sys

    sys.path.insert(0, str(ws.root))
    try:
        from plain_graph import builder  # type: ignore[import-not-found]  # written by the fixture
    finally:
        sys.path.remove(str(ws.root))
    (ws.root / "state").mkdir()
    with SqliteSaver.from_conn_string(ws.db) as saver:
        graph = builder.compile(checkpointer=saver)
        graph.invoke({"topic": "x"}, {"configurable": {"thread_id": "bare"}})
    result = ws.signoff("answer", "bare", "--value", "true")
    assert_one_line_error(result, 2, "thread bare has no stored target", "--target")
    fixed = ws.signoff("answer", "bare", "--value", "true", "--target", "plain_graph.py:graph")
    assert fixed.code == 0, fixed.err


def test_thread_whose_file_moved(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph")["thread_id"]
    (ws.root / "moved").mkdir()
    shutil.move(ws.graph("plain_graph"), ws.root / "moved" / "plain_graph.py")
    before = ws.dump()
    result = ws.signoff("answer", thread, "--value", "true")
    assert_one_line_error(result, 2, thread, "plain_graph.py", "--target")
    assert ws.dump() == before
    moved = ws.signoff(
        "answer", thread, "--value", "true", "--target", "moved/plain_graph.py:graph"
    )
    assert moved.code == 0, moved.err
    shown = ws.signoff("show", thread, "--json").json()
    assert shown["target"] == f"{ws.root / 'moved' / 'plain_graph.py'}:graph"


def test_database_path_that_is_a_directory(ws: Workspace) -> None:
    assert_one_line_error(ws.cli("inbox", "--db", str(ws.root)), 2, "is a directory")
    run = ws.cli("run", "plain_graph.py:graph", "--db", str(ws.root), "--no-input")
    assert_one_line_error(run, 2, "is a directory")


def test_not_a_database(ws: Workspace) -> None:
    junk = ws.root / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    result = ws.cli("show", "t", "--db", str(junk))
    assert_one_line_error(result, 2, "junk.db")
    assert junk.read_bytes() == b"this is not sqlite" * 100


def test_expire_bad_now(ws: Workspace) -> None:
    ws.start("plain_graph.py:graph")
    assert_one_line_error(ws.signoff("expire", "--now", "yesterday"), 2, "--now", "ISO 8601")
