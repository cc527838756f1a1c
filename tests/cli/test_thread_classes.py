"""Threads whose stored data holds instances of classes defined in the graph's own file.

The serializer rebuilds such a class only from a module already imported, so the command imports
the thread's stored target before reading it. When that cannot work (the file is gone), the error
names the module and says the database is fine; listings still show every other thread.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_helpers import Workspace, assert_one_line_error, run_cli


def _asked_for_an_order(ws: Workspace) -> str:
    """A thread of order_graph whose state holds an `Order`, now asking to confirm it."""
    thread = ws.start("order_graph.py:graph", "--thread", "o1")["thread_id"]
    answered = ws.signoff("answer", thread, "--value", '{"qty": 3}')
    assert answered.code == 0, answered.err
    assert "Confirm 3?" in answered.out
    return thread


def test_a_thread_holding_a_model_is_listed_shown_and_answered(
    ws: Workspace, tmp_path: Path
) -> None:
    thread = _asked_for_an_order(ws)
    other = ws.start("plain_graph.py:graph")["thread_id"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    inbox = run_cli("inbox", "--json", "--db", ws.db, cwd=elsewhere)
    assert inbox.code == 0, inbox.err
    assert sorted(i["thread_id"] for i in inbox.json()) == sorted([thread, other])
    assert "Confirm 3?" in run_cli("inbox", "--db", ws.db, cwd=elsewhere).out
    shown = run_cli("show", thread, "--json", "--db", ws.db, cwd=elsewhere)
    assert shown.code == 0, shown.err
    assert shown.json()["values"] == {"order": {"qty": 3}}
    assert shown.json()["status"] == "interrupted"
    history = run_cli("history", thread, "--json", "--db", ws.db, cwd=elsewhere)
    assert history.code == 0, history.err
    assert history.json()[0]["step"] == 1
    threads = run_cli("threads", "--json", "--db", ws.db, cwd=elsewhere).json()
    assert {r["thread_id"]: r["pending"] for r in threads} == {thread: 1, other: 1}

    done = run_cli("answer", thread, "--value", "true", "--json", "--db", ws.db, cwd=elsewhere)
    assert done.code == 0, done.err
    assert done.json()["status"] == "done"
    assert done.json()["values"] == {"order": {"qty": 3}, "ok": True}


def test_a_moved_file_is_not_reported_as_a_damaged_database(ws: Workspace) -> None:
    thread = _asked_for_an_order(ws)
    moved = ws.root / "moved"
    moved.mkdir()
    shutil.move(ws.graph("order_graph"), moved / "order_graph.py")
    before = ws.dump()

    for command in (["show", thread], ["history", thread], ["answer", thread, "--value", "true"]):
        result = ws.signoff(*command)
        line = assert_one_line_error(
            result, 2, "order_graph.Order", "module 'order_graph' is not loaded", "not damaged"
        )
        assert "backup" not in line and "corrupt" not in line.lower(), line
        assert "--target" in line
    assert ws.dump() == before

    new_target = str(moved / "order_graph.py") + ":graph"
    done = ws.signoff("answer", thread, "--value", "true", "--target", new_target, "--json")
    assert done.code == 0, done.err
    assert done.json()["values"] == {"order": {"qty": 3}, "ok": True}
    shown = ws.signoff("show", thread, "--json")
    assert shown.code == 0, shown.err
    assert shown.json()["target"] == new_target


def test_one_unreadable_thread_does_not_hide_the_others(ws: Workspace) -> None:
    ticket = ws.start("ticket_graph.py:graph")["thread_id"]
    plain = ws.start("plain_graph.py:graph")["thread_id"]
    listed = ws.signoff("inbox", "--json")
    assert listed.code == 0, listed.err
    values = {i["thread_id"]: i["value"] for i in listed.json()}
    assert values[ticket] == {"title": "Fix the printer"}

    Path(ws.graph("ticket_graph")).unlink()
    listed = ws.signoff("inbox", "--json")
    assert listed.code == 0, listed.err
    assert [i["thread_id"] for i in listed.json()] == [plain]
    assert f"thread {ticket} holds a stored ticket_graph.Ticket" in listed.err
    assert "backup" not in listed.err

    table = ws.signoff("inbox")
    assert table.code == 0, table.err
    assert "1 pending, 1 unreadable" in table.out
    assert "cannot be read" in table.out and ticket in table.out
    threads = ws.signoff("threads", "--json")
    assert threads.code == 0, threads.err
    pending = {r["thread_id"]: r["pending"] for r in threads.json()}
    assert pending == {ticket: None, plain: 1}
    assert "ticket_graph" in ws.signoff("threads").err
