"""The README Quickstart: `signoff run examples/email_approval.py:graph --input ...` pauses for
approval; without a terminal it says how to answer, and the answer finishes the email."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pexpect
import pytest
from cli_helpers import SIGNOFF, Workspace, cli_env, run_cli

REPO = Path(__file__).resolve().parents[2]
DRAFT = "Dear Alice,\n\nRegarding the meeting, I wanted to reach out..."


def quickstart_args() -> list[str]:
    """The arguments of the README's `.venv/bin/signoff run ...` command, word for word."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"\.venv/bin/signoff (run [^\n`]+)", readme)
    assert found, "the README Quickstart no longer runs signoff"
    return shlex.split(found.group(1))


@pytest.fixture
def project(tmp_path: Path) -> Workspace:
    """A directory laid out like the repository: `examples/email_approval.py`."""
    (tmp_path / "examples").mkdir()
    shutil.copy(REPO / "examples" / "email_approval.py", tmp_path / "examples")
    return Workspace(tmp_path)


def test_quickstart_command_is_the_email_example(project: Workspace) -> None:
    args = quickstart_args()
    assert args[:2] == ["run", "examples/email_approval.py:graph"]
    assert "--input" in args


def test_quickstart_without_a_terminal_pauses_and_says_how_to_answer(
    project: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> None:
    paused = run_cli(*quickstart_args(), cwd=project.root, real=True)
    assert paused.code == 0, paused.err
    thread = re.search(r"thread: (\S+)", paused.out)
    assert thread is not None
    assert "paused" in paused.out and "Approve, edit, or reject?" in paused.out
    db = str(project.root / ".signoff" / "signoff.db")
    for how in ("--accept", "--edit", "--ignore"):
        assert f"signoff answer {thread.group(1)} --db {db} {how}" in paused.out
    assert "--respond" not in paused.out  # the request does not allow it
    assert "✓ draft" in paused.err
    assert Path(db).is_file()

    elsewhere = tmp_path_factory.mktemp("another-shell")
    done = run_cli("answer", thread.group(1), "--accept", "--by", "ann", "--db", db, cwd=elsewhere)
    assert done.code == 0, done.err
    assert "done" in done.out and "Email sent to alice@example.com" in done.out
    shown = run_cli("show", thread.group(1), "--json", cwd=project.root).json()
    assert shown["values"]["result"] == f"Email sent to alice@example.com: {DRAFT}"
    assert [(a["value"], a["answered_by"]) for a in shown["answers"]] == [
        ({"type": "accept"}, "ann")
    ]


@pytest.mark.parametrize(
    ("flag", "result"),
    [
        (["--ignore"], "Email cancelled."),
        (["--edit", '{"body": "See you at 3."}'], "Email sent to alice@example.com: See you at 3."),
        (
            ["--value", '{"action": "edit", "text": "Hi!"}'],
            "Email sent to alice@example.com: Hi!",
        ),
    ],
)
def test_quickstart_answers(project: Workspace, flag: list[str], result: str) -> None:
    outcome = project.cli(*quickstart_args(), "--json")
    assert outcome.code == 0, outcome.err
    thread = outcome.json()["thread_id"]
    done = project.cli("answer", thread, *flag, "--json")
    assert done.code == 0, done.err
    assert done.json()["values"]["result"] == result


def test_quickstart_in_a_terminal(project: Workspace) -> None:
    child = pexpect.spawn(
        SIGNOFF,
        quickstart_args(),
        cwd=str(project.root),
        env=cli_env(),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )
    child.expect(r"thread: (\S+)")
    thread = child.match.group(1)
    child.expect("question \\(approve\\): Approve, edit, or reject\\?")
    child.expect("send_email")
    child.expect(re.escape(r"decision [accept/edit/ignore] (accept):"))
    child.sendline("")
    child.expect("Email sent to alice@example.com")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = project.cli("show", thread, "--json").json()
    assert shown["status"] == "idle"
    assert shown["values"]["result"] == f"Email sent to alice@example.com: {DRAFT}"
