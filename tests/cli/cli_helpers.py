"""Helpers for the CLI tests: run the real `signoff` script in a subprocess, in a scratch directory."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GRAPHS = Path(__file__).parent / "graphs"
VENV_BIN = Path(sys.executable).parent
SIGNOFF = str(VENV_BIN / "signoff")


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


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIGNOFF_")}
    env.update({"NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb", "USER": "tester"})
    env.update(extra)
    return env


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, module: bool = False
) -> Result:
    """Run `signoff ARGS` (or `python -m signoff ARGS`) with stdin closed, so it never prompts."""
    command = [sys.executable, "-m", "signoff", *args] if module else [SIGNOFF, *args]
    done = subprocess.run(
        command,
        cwd=cwd,
        env=env or cli_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
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
        with sqlite3.connect(self.db) as conn:
            return list(conn.iterdump())
