"""`signoff expire` answers overdue questions with their defaults, recorded as answered by "deadline"."""

from __future__ import annotations

from cli_helpers import Workspace


def test_expire_answers_overdue_interrupts_with_their_default(ws: Workspace) -> None:
    overdue = ws.start("deadline_graph.py:graph")
    no_deadline = ws.start("plain_graph.py:graph")["thread_id"]
    inbox = ws.signoff("inbox", "--json").json()
    assert inbox[0]["deadline"].startswith("2000-01-01T00:00:00")
    assert "overdue" in ws.signoff("inbox").out

    result = ws.signoff("expire", "--json")
    assert result.code == 0, result.err
    assert result.json() == [
        {
            "thread_id": overdue["thread_id"],
            "interrupts": [overdue["interrupts"][0]["interrupt_id"]],
            "status": "done",
        }
    ]
    shown = ws.signoff("show", overdue["thread_id"], "--json").json()
    assert shown["values"] == {"ship": "auto"}
    assert [(a["value"], a["answered_by"]) for a in shown["answers"]] == [("auto", "deadline")]
    assert [i["thread_id"] for i in ws.signoff("inbox", "--json").json()] == [no_deadline]
    assert ws.signoff("expire", "--json").json() == []


def test_expire_respects_now(ws: Workspace) -> None:
    ws.start("deadline_graph.py:graph")
    early = ws.signoff("expire", "--now", "1999-12-31T23:00:00Z")
    assert early.code == 0 and "nothing to expire" in early.out
    assert len(ws.signoff("inbox", "--json").json()) == 1


def test_expire_without_database(ws: Workspace) -> None:
    result = ws.signoff("expire")
    assert (result.code, result.out.strip()) == (0, "nothing to expire (no database yet)")
