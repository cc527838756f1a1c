"""Helpers for the CLI tests: run `signoff` in a separate process, in a scratch directory.

Every command runs in its own process with stdin at /dev/null (as in CI: it never waits for input).
By default that process is forked from a warm server (`forkserver.py`), which skips Python's start
and imports; `real=True` (and `SIGNOFF_TEST_REAL=1` for the whole run) spawns the installed
`signoff` script instead.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GRAPHS = Path(__file__).parent / "graphs"
VENV_BIN = Path(sys.executable).parent
SIGNOFF = str(VENV_BIN / "signoff")
TIMEOUT = 60
REAL_ONLY = os.environ.get("SIGNOFF_TEST_REAL", "") not in ("", "0")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def assert_one_line_error(result: Result, code: int, *needles: str) -> str:
    """The command failed with `code` and one `error:` line on stderr holding every needle."""
    assert result.code == code, (result.out, result.err)
    assert len(result.error_lines) == 1, result.err
    line = result.error_lines[0]
    assert line.startswith("error: "), line
    for needle in needles:
        assert needle in line, line
    assert "Traceback" not in result.err
    return line


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNOFF_")}
    env.update({"NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb", "USER": "tester"})
    env.update(extra)
    return env


class ForkServer:
    """Client of `forkserver.py`: one warm process for the whole test session."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def run(self, args: list[str], cwd: Path, env: dict[str, str]) -> Result:
        with self._lock:
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None
            request = {"args": args, "cwd": str(cwd), "env": env, "timeout": TIMEOUT}
            proc.stdin.write(json.dumps(request) + "\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], TIMEOUT + 10)
            line = proc.stdout.readline() if ready else ""
            if not line:
                self.close()
                raise RuntimeError(f"the fork server did not answer for signoff {args}")
            reply = json.loads(line)
            return Result(reply["code"], reply["out"], reply["err"])

    def _start(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("forkserver.py"))],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=cli_env(),
                text=True,
            )
        return self._proc

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None


FORK_SERVER = ForkServer()
atexit.register(FORK_SERVER.close)


def run_cli(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    module: bool = False,
    real: bool = False,
) -> Result:
    """Run `signoff ARGS` in its own process with stdin at /dev/null, so it never prompts.

    `module=True` runs `python -m signoff`; `real=True` the installed script (both cold starts).
    """
    env = env or cli_env()
    if not (module or real or REAL_ONLY):
        return FORK_SERVER.run(list(args), cwd, env)
    command = [sys.executable, "-m", "signoff", *args] if module else [SIGNOFF, *args]
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return Result(done.returncode, done.stdout, done.stderr)


@dataclass
class Workspace:
    """A scratch directory holding copies of the test graphs and a database path."""

    root: Path

    @property
    def db(self) -> str:
        return str(self.root / "state" / "signoff.db")

    def graph(self, name: str) -> str:
        return str(self.root / f"{name}.py")

    def cli(self, *args: str, **kwargs: Any) -> Result:
        return run_cli(*args, cwd=self.root, **kwargs)

    def signoff(self, *args: str, **kwargs: Any) -> Result:
        """`signoff ARGS --db <this workspace's db>`."""
        return run_cli(*args, "--db", self.db, cwd=self.root, **kwargs)

    def start(self, target: str, *extra: str) -> dict[str, Any]:
        """Run TARGET with --no-input --json and return the outcome object."""
        result = self.signoff("run", target, "--no-input", "--json", *extra)
        assert result.code == 0, result.err
        outcome: dict[str, Any] = result.json()
        return outcome

    def dump(self) -> list[str]:
        """Every row of the SQLite database, to show a failed command changed nothing."""
        with closing(sqlite3.connect(self.db)) as conn:
            return list(conn.iterdump())
