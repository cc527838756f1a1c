"""What commands print: progress without the runtime's own keys, answer hints that work from any
directory (and never show a password), and one status vocabulary for `show` and `threads`."""

from __future__ import annotations

from cli_helpers import Workspace, cli_env


def test_progress_marks_a_reused_result_without_internal_keys(ws: Workspace) -> None:
    """Resuming after one of two parallel questions reuses the other node's saved result."""
    started = ws.start("parallel_graph.py:graph")
    thread = started["thread_id"]
    first, second = (i["interrupt_id"] for i in started["interrupts"])
    errs = []
    for interrupt_id in (first, second):
        result = ws.signoff("answer", thread, "--interrupt", interrupt_id, "--value", "yes")
        assert result.code == 0, result.err
        errs.append(result.err)
    assert "(saved result reused)" in errs[1]
    assert all("__" not in err for err in errs), errs


def test_hints_name_the_database_unless_the_environment_finds_it_anywhere(ws: Workspace) -> None:
    absolute = ws.cli("run", "plain_graph.py:graph", "--thread", "a", env=cli_env(SIGNOFF_DB=ws.db))
    assert absolute.code == 0, absolute.err
    assert "signoff answer a --value <json>" in absolute.out

    relative = ws.cli(
        "run", "plain_graph.py:graph", "--thread", "r", env=cli_env(SIGNOFF_DB="rel/x.db")
    )
    assert relative.code == 0, relative.err
    assert f"signoff answer r --db {ws.root / 'rel' / 'x.db'} --value <json>" in relative.out

    default = ws.cli("run", "plain_graph.py:paused_graph", "--thread", "d")
    assert default.code == 0, default.err
    db = ws.root / ".signoff" / "signoff.db"
    assert f"--thread d --db {db}" in default.out


def test_show_and_threads_use_the_same_status_words(ws: Workspace) -> None:
    waiting = ws.start("plain_graph.py:graph")["thread_id"]
    finished = ws.start("plain_graph.py:graph")["thread_id"]
    assert ws.signoff("answer", finished, "--value", "true").code == 0
    paused = ws.start("plain_graph.py:paused_graph")["thread_id"]
    ws.signoff("run", "boom_graph.py:graph", "--thread", "failed")

    shown = {
        t: ws.signoff("show", t, "--json").json()["status"]
        for t in (waiting, finished, paused, "failed")
    }
    assert shown == {waiting: "interrupted", finished: "idle", paused: "idle", "failed": "error"}
    for status in ("interrupted", "idle", "error"):
        listed = ws.signoff("threads", "--status", status, "--json")
        assert listed.code == 0, listed.err
        expected = {t for t, s in shown.items() if s == status}
        assert {r["thread_id"] for r in listed.json()} == expected
    text = ws.signoff("show", paused).out
    assert "status: idle (paused before review)" in text
