"""Wrong flags, a damaged or foreign database, an unreachable one: one `error:` line that names the
problem and what to do, exit 2, and the database exactly as it was."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from cli_helpers import Workspace, assert_one_line_error


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["run"], ["Missing argument 'TARGET'", "see 'signoff run --help'"]),
        (["run", "plain_graph.py:graph", "--frob"], ["No such option '--frob'", "signoff run"]),
        (["run", "plain_graph.py:graph", "--stream", "nope"], ["'--stream'", "'nope'"]),
        (["frobnicate"], ["No such command 'frobnicate'", "see 'signoff --help'"]),
        (["history", "t", "--limit", "0"], ["'--limit'", "signoff history --help"]),
        (["threads", "--status", "sleeping"], ["'--status'", "'sleeping'"]),
        (["graph", "plain_graph.py:graph", "--format", "svg"], ["'--format'", "'svg'"]),
        (["inbox", "--db"], ["'--db' requires an argument"]),
        (
            ["run", "plain_graph.py:graph", "--input", "{}", "--input-file", "in.json"],
            ["either --input or --input-file", "signoff run --help"],
        ),
    ],
)
def test_usage_errors_are_one_line(ws: Workspace, args: list[str], needles: list[str]) -> None:
    assert_one_line_error(ws.cli(*args), 2, *needles)
    assert not (ws.root / ".signoff").exists()


def test_answer_needs_exactly_one_answer(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph")["thread_id"]
    before = ws.dump()
    for extra in ([], ["--accept", "--value", "1"], ["--ignore", "--respond", "no"]):
        result = ws.signoff("answer", thread, *extra)
        assert_one_line_error(result, 2, "give exactly one answer", "--value JSON", "--accept")
    assert_one_line_error(ws.signoff("answer"), 2, "Missing argument 'THREAD'")
    assert ws.dump() == before


def test_debug_before_the_command_shows_the_traceback(ws: Workspace) -> None:
    quiet = ws.signoff("show", "nope")
    assert_one_line_error(quiet, 2, "no signoff database")
    loud = ws.cli("--debug", "run", "broken_import.py:graph", "--db", ws.db)
    assert loud.code == 2
    assert "Traceback" in loud.err and "RuntimeError: configuration missing" in loud.err
    assert loud.err.rstrip().splitlines()[-1].startswith("error: loading")


def test_graph_error_with_debug_shows_where(ws: Workspace) -> None:
    result = ws.signoff("run", "boom_graph.py:graph", "--debug")
    assert result.code == 1
    assert "Traceback" in result.err and "fail_now" in result.err
    assert result.err.rstrip().splitlines()[-1].startswith("error: the graph raised ValueError")


def _corrupt_pages(path: Path) -> None:
    """Overwrite every page after the first two with 0xFF bytes (a disk that went bad): no valid
    b-tree page starts with 0xFF, so every table stored there reads as malformed."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        f.seek(4096 * 2)
        f.write(b"\xff" * (size - 4096 * 2))


def test_corrupt_database_is_reported_and_left_alone(ws: Workspace) -> None:
    for n in range(4):
        ws.start("plain_graph.py:graph", "--input", f'{{"topic": "{"x" * 3000}{n}"}}')
    with closing(sqlite3.connect(ws.db)) as conn:  # fold the WAL into the file, as on exit
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db = Path(ws.db)
    assert db.stat().st_size > 4096 * 4
    _corrupt_pages(db)
    damaged = db.read_bytes()
    for command in (
        ["inbox"],
        ["threads"],
        ["show", "t"],
        ["answer", "t", "--value", "1"],
        ["run", "plain_graph.py:graph", "--no-input"],
    ):
        line = assert_one_line_error(ws.signoff(*command), 2, ws.db)
        assert "malformed" in line or "not a usable SQLite database" in line, line
        assert "backup" in line, line
        assert db.read_bytes() == damaged


def test_a_file_that_is_not_sqlite(ws: Workspace) -> None:
    junk = ws.root / "notes.db"
    junk.write_bytes(b"shopping list\n" * 500)
    for command in (["inbox"], ["run", "plain_graph.py:graph", "--no-input"]):
        result = ws.cli(*command, "--db", str(junk))
        assert_one_line_error(result, 2, "notes.db", "not a usable SQLite database")
        assert junk.read_bytes() == b"shopping list\n" * 500


def test_another_programs_database_is_not_touched(ws: Workspace) -> None:
    other = ws.root / "app.db"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO users (name) VALUES ('ann')")
    original = other.read_bytes()
    for command in (["inbox"], ["threads"], ["run", "plain_graph.py:graph", "--no-input"]):
        result = ws.cli(*command, "--db", str(other))
        assert_one_line_error(result, 2, "app.db", "another program's SQLite database", "users")
        assert other.read_bytes() == original
    assert sorted(p.name for p in ws.root.glob("app.db*")) == ["app.db"]


def test_unreachable_sqlite_location(ws: Workspace) -> None:
    blocker = ws.root / "blocker"
    blocker.write_text("a file where a directory should be")
    target = str(blocker / "signoff.db")
    run = ws.cli("run", "plain_graph.py:graph", "--no-input", "--db", target)
    assert_one_line_error(run, 2, "cannot create directory", "blocker")
    inbox = ws.cli("show", "t", "--db", target)
    assert_one_line_error(inbox, 2, "no signoff database", target)
    assert blocker.read_text() == "a file where a directory should be"


def test_env_database_is_used_and_db_flag_wins(ws: Workspace) -> None:
    from cli_helpers import cli_env

    env_db = str(ws.root / "from-env.db")
    env = cli_env(SIGNOFF_DB=env_db)
    started = ws.cli("run", "plain_graph.py:graph", "--no-input", "--json", env=env)
    assert started.code == 0, started.err
    thread = started.json()["thread_id"]
    assert Path(env_db).is_file() and not (ws.root / ".signoff").exists()
    assert [i["thread_id"] for i in ws.cli("inbox", "--json", env=env).json()] == [thread]
    assert ws.cli("inbox", "--json", "--db", ws.db, env=env).json() == []
    assert "--db" not in ws.cli("show", thread, env=env).out
