"""`--version`, and `--help` with an example on every command (also through `python -m signoff`)."""

from __future__ import annotations

import re

import pytest
from cli_helpers import Workspace

COMMANDS = ["run", "answer", "inbox", "show", "history", "threads", "expire", "graph", "lint"]


def test_version(ws: Workspace) -> None:
    for module in (False, True):
        result = ws.cli("--version", module=module)
        assert (result.code, result.out.strip()) == (0, "signoff 0.1.0")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(ws: Workspace, command: str) -> None:
    result = ws.cli(command, "--help")
    assert result.code == 0, result.err
    assert re.search(r"^\s*Examples?:$", result.out, re.MULTILINE), result.out
    assert re.search(rf"^\s+signoff {command} \S", result.out, re.MULTILINE), result.out
    assert result.err == ""


def test_top_level_help_lists_commands_and_exit_codes(ws: Workspace) -> None:
    for args in (["--help"], ["-h"]):
        result = ws.cli(*args)
        assert result.code == 0
        for command in COMMANDS:
            assert re.search(rf"^\s+{command}\s", result.out, re.MULTILINE), command
        assert "0    done, or paused waiting for an answer" in result.out
        assert "signoff run examples/email_approval.py:graph" in result.out


def test_python_dash_m_is_the_same_program(ws: Workspace) -> None:
    result = ws.cli("run", "--help", module=True)
    assert result.code == 0, result.err
    assert result.out.startswith("Usage: signoff run [OPTIONS] TARGET")
    bad = ws.cli("nope", module=True)
    assert (bad.code, bad.err.strip()) == (2, "error: No such command 'nope'; see 'signoff --help'")
