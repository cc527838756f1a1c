"""Without a terminal (CI, cron, a pipe, stdin closed) `signoff run` never waits for input: it
leaves the question pending, prints how to answer it, and exits 0."""

from __future__ import annotations

import subprocess

import pytest
from cli_helpers import SIGNOFF, Workspace, cli_env


def _paused_with_hint(out: str, thread: str, ws: Workspace) -> None:
    """The hint names the default (relative) database absolutely, so it works from anywhere."""
    db = ws.root / ".signoff" / "signoff.db"
    assert f"paused: thread {thread} waits for 1 answer" in out
    assert f"signoff answer {thread} --db {db} --value <json>" in out


@pytest.mark.parametrize(
    ("stdin", "shell_redirect"),
    [
        (subprocess.DEVNULL, ""),
        (None, "<&-"),  # stdin closed altogether: Python sees sys.stdin = None
        (None, "<<< 'true'"),  # a pipe with an answer in it: not a person, not read
    ],
)
def test_run_without_a_terminal_exits_0_and_says_how_to_answer(
    ws: Workspace, stdin: int | None, shell_redirect: str
) -> None:
    command = f"exec {SIGNOFF} run plain_graph.py:graph --thread t1 {shell_redirect}"
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ws.root,
        env=cli_env(CI="true"),
        stdin=stdin if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    _paused_with_hint(done.stdout, "t1", ws)
    assert ws.cli("inbox", "--json").json()[0]["thread_id"] == "t1"


def test_run_prints_a_new_thread_id_each_time(ws: Workspace) -> None:
    first = ws.cli("run", "plain_graph.py:graph")
    second = ws.cli("run", "plain_graph.py:graph")
    ids = [r.out.splitlines()[0].removeprefix("thread: ") for r in (first, second)]
    assert ids[0] != ids[1] and all(len(i) == 36 for i in ids)
    for result, thread in zip((first, second), ids, strict=True):
        _paused_with_hint(result.out, thread, ws)


def test_progress_names_each_node_on_stderr(ws: Workspace) -> None:
    result = ws.signoff("run", "stream_graph.py:graph")
    assert result.code == 0, result.err
    assert result.err.splitlines() == ["✓ fetch"]
    assert "Fetched 2 rows; keep them?" in result.out


def test_stream_custom_prints_the_events(ws: Workspace) -> None:
    result = ws.signoff("run", "stream_graph.py:graph", "--stream", "custom")
    assert result.code == 0, result.err
    assert result.err.splitlines() == ['• {"fetched": 1}', '• {"fetched": 2}', "✓ fetch"]


def test_stream_updates_and_values(ws: Workspace) -> None:
    updates = ws.signoff(
        "run", "plain_graph.py:graph", "--input", '{"topic": "x"}', "--stream", "updates"
    )
    assert updates.code == 0, updates.err
    assert updates.err.index("✓ write") < updates.err.index('"draft": "A note about x"')
    values = ws.signoff(
        "run", "plain_graph.py:graph", "--input", '{"topic": "y"}', "--stream", "values"
    )
    assert values.code == 0, values.err
    assert '"topic": "y"' in values.err and '"draft": "A note about y"' in values.err


def test_answer_without_a_terminal_reports_the_next_question(ws: Workspace) -> None:
    thread = ws.start("human_graph.py:graph")["thread_id"]
    result = ws.signoff("answer", thread, "--accept")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0].startswith("answered interrupt ")
    assert "Where do you live?" in result.out
    assert f"signoff answer {thread} --db {ws.db} --value" in result.out


def test_hints_name_a_relative_database_absolutely(ws: Workspace) -> None:
    result = ws.cli("run", "plain_graph.py:graph", "--thread", "rel", "--db", "state/rel.db")
    assert result.code == 0, result.err
    assert f"signoff answer rel --db {ws.root / 'state' / 'rel.db'} --value <json>" in result.out
