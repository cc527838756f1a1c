"""`python -m signoff.lint` as a user runs it: real subprocesses, exit codes, text and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from signoff.lint import main

BAD = textwrap.dedent(
    """\
    from langgraph.types import interrupt


    def node(state):
        db.create_audit_log({"action": "pending"})
        try:
            return interrupt("Approve?")
        except Exception:
            return None
    """
)
GOOD = 'from langgraph.types import interrupt\n\n\ndef node(state):\n    return interrupt("ok?")\n'


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "signoff.lint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "good.py").write_text(GOOD)
    return tmp_path


def test_clean_file_exits_0_with_no_output(project: Path) -> None:
    result = run("good.py", cwd=project)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_findings_exit_1_in_ruff_format(project: Path) -> None:
    result = run("bad.py", "good.py", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines] == [
        ["bad.py:5:5:", "SO104"],
        ["bad.py:7:16:", "SO101"],
    ]
    assert result.stderr.strip() == "Found 2 problems."


def test_json_format(project: Path) -> None:
    result = run("--format", "json", ".", cwd=project)
    assert result.returncode == 1
    records = json.loads(result.stdout)
    assert [(r["path"], r["line"], r["col"], r["code"]) for r in records] == [
        ("./bad.py", 5, 5, "SO104"),
        ("./bad.py", 7, 16, "SO101"),
    ]
    assert set(records[0]) == {"path", "line", "col", "code", "message"}
    assert "create_audit_log" in records[0]["message"]


def test_json_format_clean_prints_empty_array(project: Path) -> None:
    result = run("--format", "json", "good.py", cwd=project)
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_select_and_ignore(project: Path) -> None:
    selected = run("--select", "SO101", "bad.py", cwd=project)
    assert [line.split()[1] for line in selected.stdout.splitlines()] == ["SO101"]
    ignored = run("--ignore", "SO101,SO104", "bad.py", cwd=project)
    assert (ignored.returncode, ignored.stdout) == (0, "")
    prefix = run("--select", "so1", "--ignore", "SO104", "bad.py", cwd=project)
    assert [line.split()[1] for line in prefix.stdout.splitlines()] == ["SO101"]


def test_directory_walk_skips_hidden_and_venv_dirs(project: Path) -> None:
    for hidden in (".venv", "venv", "__pycache__", ".git"):
        (project / hidden).mkdir()
        (project / hidden / "x.py").write_text(BAD)
    (project / "pkg").mkdir()
    (project / "pkg" / "mod.py").write_text(BAD)
    (project / "pkg" / "notes.txt").write_text("interrupt(lambda: 1)")
    result = run(".", cwd=project)
    paths = sorted({line.split(":")[0] for line in result.stdout.splitlines()})
    assert paths == ["./bad.py", "./pkg/mod.py"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["missing.py"], "path 'missing.py' does not exist"),
        (["--select", "SO999", "good.py"], "unknown rule code 'SO999' in --select"),
        (["--format", "xml", "good.py"], "invalid choice: 'xml'"),
        ([], "the following arguments are required: PATH"),
    ],
)
def test_usage_errors_exit_2_with_one_line(project: Path, args: list[str], needle: str) -> None:
    result = run(*args, cwd=project)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and needle in result.stderr
    assert result.stderr.startswith("signoff lint: error: ")


def test_syntax_error_exits_2_but_other_files_are_still_linted(project: Path) -> None:
    (project / "broken.py").write_text("def f(:\n    pass\n")
    result = run("broken.py", "bad.py", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [
        "signoff lint: error: broken.py:1:7: syntax error: invalid syntax; fix it so the file parses"
    ]
    assert len(result.stdout.splitlines()) == 2


def test_undecodable_file_exits_2(project: Path) -> None:
    (project / "latin.py").write_bytes(b"x = '\xe9'\n")
    result = run("latin.py", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith("signoff lint: error: latin.py: cannot decode file")
    assert result.stderr.count("\n") == 1


def test_main_in_process_returns_exit_code(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(project / "good.py")]) == 0
    assert main([str(project / "bad.py"), "--format", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["--select", "nope", str(project)]) == 2
    assert "unknown rule code 'NOPE'" in capsys.readouterr().err
