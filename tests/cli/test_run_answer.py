"""Run a graph until it asks, answer from another process (and directory), inspect the thread."""

from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import Workspace, run_cli


def test_run_pauses_prints_thread_and_how_to_answer(ws: Workspace) -> None:
    result = ws.signoff("run", "plain_graph.py:graph", "--input", '{"topic": "cats"}')
    assert result.code == 0, result.err
    thread = re.search(r"thread: (\S+)", result.out)
    assert thread is not None
    assert "paused" in result.out
    assert "Approve the draft: A note about cats?" in result.out
    assert f"signoff answer {thread.group(1)} --db {ws.db} --value" in result.out
    assert "✓ write" in result.err


def test_answer_from_another_directory_finishes_the_thread(ws: Workspace, tmp_path: Path) -> None:
    started = ws.start("plain_graph.py:graph", "--input", '{"topic": "cats"}')
    assert started["status"] == "interrupted"
    thread = started["thread_id"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli(
        "answer", thread, "--value", "true", "--by", "alice", "--db", ws.db, cwd=elsewhere
    )
    assert result.code == 0, result.err
    assert "done" in result.out
    shown = ws.signoff("show", thread, "--json").json()
    assert shown["status"] == "idle"
    assert shown["values"] == {"topic": "cats", "draft": "A note about cats", "approved": True}
    assert shown["interrupts"] == []
    assert [(a["value"], a["answered_by"]) for a in shown["answers"]] == [(True, "alice")]
    assert shown["target"] == f"{ws.graph('plain_graph')}:graph"


def test_answer_json_reports_the_outcome(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph")["thread_id"]
    result = ws.signoff("answer", thread, "--value", "looks good", "--json")
    assert result.code == 0, result.err
    outcome = result.json()
    assert outcome["status"] == "done"
    assert outcome["values"]["approved"] == "looks good"


def test_answer_by_defaults_to_user(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph")["thread_id"]
    assert ws.signoff("answer", thread, "--value", "false").code == 0
    answers = ws.signoff("show", thread, "--json").json()["answers"]
    assert answers[0]["answered_by"] == "tester"


def test_inbox_json_shape(ws: Workspace) -> None:
    first = ws.start("plain_graph.py:graph", "--input", '{"topic": "a"}')
    second = ws.start("approval_graph.py:graph", "--input", '{"to": "bob@example.com"}')
    items = ws.signoff("inbox", "--json").json()
    assert [i["thread_id"] for i in items] == [first["thread_id"], second["thread_id"]]
    plain, approval = items
    assert plain["node"] == "review"
    assert plain["value"] == "Approve the draft: A note about a?"
    assert plain["kind"] == "json"
    assert plain["interrupt_id"] == first["interrupts"][0]["interrupt_id"]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", plain["created_at"])
    assert plain["age_seconds"] >= 0
    assert plain["deadline"] is None
    assert approval["kind"] == "approval"
    assert approval["value"]["action_request"]["args"] == {"to": "bob@example.com", "subject": "Hi"}
    assert approval["target"] == f"{ws.graph('approval_graph')}:graph"
    assert plain["graph"] == approval["graph"] == "LangGraph"


def test_inbox_table_and_graph_filter(ws: Workspace) -> None:
    plain = ws.start("plain_graph.py:graph")["thread_id"]
    approval = ws.start("approval_graph.py:graph", "--input", '{"to": "x@y.z"}')["thread_id"]
    table = ws.signoff("inbox")
    assert table.code == 0
    assert plain in table.out and approval in table.out
    assert "review" in table.out and "propose" in table.out
    only = ws.signoff("inbox", "--graph", "approval_graph.py:graph", "--json").json()
    assert [i["thread_id"] for i in only] == [approval]


def test_inbox_without_database_is_empty(ws: Workspace) -> None:
    result = ws.signoff("inbox", "--json")
    assert (result.code, result.out.strip()) == (0, "[]")
    assert not Path(ws.db).exists()


def test_parallel_interrupts_are_answered_one_by_one(ws: Workspace) -> None:
    started = ws.start("parallel_graph.py:graph")
    ids = {i["node"]: i["interrupt_id"] for i in started["interrupts"]}
    assert set(ids) == {"legal", "finance"}
    thread = started["thread_id"]
    both = ws.signoff("answer", thread, "--value", "true")
    assert both.code == 2
    assert "--interrupt" in both.err and ids["legal"] in both.err
    first = ws.signoff("answer", thread, "--interrupt", ids["legal"], "--value", "true", "--json")
    assert first.code == 0, first.err
    assert first.json()["status"] == "interrupted"
    second = ws.signoff(
        "answer", thread, "--interrupt", ids["finance"][:8], "--value", "false", "--json"
    )
    assert second.code == 0, second.err
    assert sorted(map(tuple, second.json()["values"]["votes"])) == [
        ("finance", False),
        ("legal", True),
    ]


def test_show_and_history_of_a_paused_thread(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph", "--input", '{"topic": "dogs"}')["thread_id"]
    shown = ws.signoff("show", thread, "--json").json()
    assert shown["status"] == "interrupted"
    assert shown["next"] == ["review"]
    assert shown["values"] == {"topic": "dogs", "draft": "A note about dogs"}
    assert [i["node"] for i in shown["interrupts"]] == ["review"]
    table = ws.signoff("show", thread)
    assert table.code == 0 and "review" in table.out and "A note about dogs" in table.out
    history = ws.signoff("history", thread, "--json").json()
    assert [h["step"] for h in history] == [1, 0, -1]
    assert history[0]["metadata"]["signoff_target"].endswith("plain_graph.py:graph")
    assert len(ws.signoff("history", thread, "--json", "--limit", "2").json()) == 2
    assert thread in ws.signoff("history", thread).out


def test_python_dash_m_and_env_database(ws: Workspace) -> None:
    from cli_helpers import cli_env

    env = cli_env(SIGNOFF_DB=ws.db)
    started = ws.cli("run", "plain_graph.py:graph", "--no-input", "--json", env=env, module=True)
    assert started.code == 0, started.err
    thread = started.json()["thread_id"]
    assert ws.cli("answer", thread, "--value", "1", env=env, module=True).code == 0
    assert ws.signoff("show", thread, "--json").json()["values"]["approved"] == 1


def test_default_database_is_created_in_the_current_directory(ws: Workspace) -> None:
    result = ws.cli("run", "plain_graph.py:graph", "--no-input")
    assert result.code == 0, result.err
    assert (ws.root / ".signoff" / "signoff.db").is_file()
    assert f"--db {ws.root / '.signoff' / 'signoff.db'} --value" in result.out


def test_static_breakpoint_then_continue(ws: Workspace) -> None:
    outcome = ws.start("plain_graph.py:paused_graph")
    assert (outcome["status"], outcome["next"]) == ("paused", ["review"])
    thread = outcome["thread_id"]
    text = ws.signoff("run", "plain_graph.py:paused_graph", "--thread", thread, "--no-input")
    assert text.code == 0 and "waits for 1 answer" in text.out


def test_run_with_input_file_and_named_thread(ws: Workspace) -> None:
    (ws.root / "input.json").write_text('{"topic": "files"}')
    outcome = ws.start("plain_graph.py:graph", "--input-file", "input.json", "--thread", "t-1")
    assert outcome["thread_id"] == "t-1"
    assert outcome["values"]["draft"] == "A note about files"


def test_graph_drawing(ws: Workspace) -> None:
    mermaid = ws.cli("graph", "plain_graph.py:graph")
    assert mermaid.code == 0, mermaid.err
    assert "write" in mermaid.out and "review" in mermaid.out and "-->" in mermaid.out
    ascii_art = ws.cli("graph", "plain_graph.py:builder", "--format", "ascii")
    assert ascii_art.code == 0, ascii_art.err
    assert "review" in ascii_art.out
