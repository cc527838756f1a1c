"""`inbox`, `show`, `history` and `threads`: tables for people, `--json` for scripts, filters."""

from __future__ import annotations

import shutil

from cli_helpers import Workspace, assert_one_line_error


def test_threads_status_filter_and_limit(ws: Workspace) -> None:
    waiting = ws.start("plain_graph.py:graph")["thread_id"]
    finished = ws.start("plain_graph.py:graph")["thread_id"]
    assert ws.signoff("answer", finished, "--value", "true").code == 0
    broken = ws.signoff("run", "boom_graph.py:graph", "--thread", "broken")
    assert broken.code == 1

    rows = ws.signoff("threads", "--json").json()
    assert {r["thread_id"]: (r["status"], r["pending"]) for r in rows} == {
        waiting: ("interrupted", 1),
        finished: ("idle", 0),
        "broken": ("error", 0),
    }
    assert rows[0]["thread_id"] == "broken"  # most recently updated first
    for status, expected in (("interrupted", waiting), ("idle", finished), ("error", "broken")):
        only = ws.signoff("threads", "--status", status, "--json").json()
        assert [r["thread_id"] for r in only] == [expected]
    assert len(ws.signoff("threads", "--limit", "2", "--json").json()) == 2

    table = ws.signoff("threads").out
    for word in ("thread", "status", "pending", waiting, finished, "broken", "error", "idle"):
        assert word in table
    assert "plain_graph.py:graph" in table


def test_threads_and_inbox_without_a_database(ws: Workspace) -> None:
    assert ws.signoff("threads").out.strip() == "no threads"
    assert ws.signoff("threads", "--json").out.strip() == "[]"
    assert ws.signoff("inbox").out.strip() == "no pending interrupts"


def test_inbox_table_columns_and_limit(ws: Workspace) -> None:
    first = ws.start("plain_graph.py:graph", "--input", '{"topic": "tables"}')["thread_id"]
    ws.start("deadline_graph.py:graph")
    table = ws.signoff("inbox")
    assert table.code == 0, table.err
    header = next(line for line in table.out.splitlines() if "thread" in line)
    for column in ("thread", "graph", "node", "interrupt", "question", "age", "deadline"):
        assert column in header
    assert "Approve the draft: A note about tables?" in table.out
    assert "Ship the release?" in table.out and "overdue" in table.out
    assert "2 pending" in table.out
    limited = ws.signoff("inbox", "--limit", "1", "--json").json()
    assert [i["thread_id"] for i in limited] == [first]


def test_show_a_finished_and_a_failed_thread(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph", "--input", '{"topic": "t"}')["thread_id"]
    ws.signoff("answer", thread, "--value", "true", "--by", "zoe")
    shown = ws.signoff("show", thread, "--json").json()
    assert (shown["status"], shown["next"], shown["interrupts"]) == ("idle", [], [])
    assert shown["step"] == 2
    text = ws.signoff("show", thread).out
    for part in (f"thread {thread}", "status: idle (finished)", "next: (none)", "zoe", "A note"):
        assert part in text

    ws.signoff("run", "boom_graph.py:graph", "--thread", "failed")
    failed = ws.signoff("show", "failed", "--json").json()
    assert (failed["status"], failed["next"]) == ("error", ["work"])


def test_show_when_the_graph_file_moved(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph", "--input", '{"topic": "moved"}')["thread_id"]
    shutil.move(ws.graph("plain_graph"), ws.root / "gone.py")
    result = ws.signoff("show", thread, "--json")
    assert result.code == 0, result.err
    shown = result.json()
    assert shown["values"] == {"topic": "moved", "draft": "A note about moved"}
    assert shown["next"] is None and shown["status"] == "interrupted"
    assert "plain_graph.py" in result.err and "stored channels" in result.err


def test_history_table_and_json(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph")["thread_id"]
    ws.signoff("answer", thread, "--value", "1", "--by", "kim")
    history = ws.signoff("history", thread, "--json").json()
    assert [h["step"] for h in history] == [2, 1, 0, -1]
    assert [h["source"] for h in history] == ["loop", "loop", "loop", "input"]
    assert history[0]["parent_checkpoint_id"] == history[1]["checkpoint_id"]
    assert history[0]["metadata"]["answered_by"] == "kim"
    assert "answered_by" not in history[1]["metadata"]
    table = ws.signoff("history", thread, "--limit", "2").out
    assert history[0]["checkpoint_id"] in table and history[1]["checkpoint_id"] in table
    assert history[2]["checkpoint_id"] not in table


def test_answer_on_a_thread_paused_at_a_breakpoint(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:paused_graph")["thread_id"]
    before = ws.dump()
    line = assert_one_line_error(
        ws.signoff("answer", thread, "--value", "1"), 2, "has no pending interrupt"
    )
    assert f"signoff run {ws.graph('plain_graph')}:paused_graph --thread {thread}" in line
    assert ws.dump() == before
