"""`--version`, and `--help` with an example on every command."""

from __future__ import annotations

import pytest
from cli_helpers import Workspace

COMMANDS = ["run", "answer", "inbox", "show", "history", "threads", "expire", "graph"]


def test_version(ws: Workspace) -> None:
    result = ws.cli("--version")
    assert (result.code, result.out.strip()) == (0, "signoff 0.1.0")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(ws: Workspace, command: str) -> None:
    result = ws.cli(command, "--help")
    assert result.code == 0
    assert "Example" in result.out
    assert f"signoff {command}" in result.out


def test_top_level_help_lists_commands(ws: Workspace) -> None:
    result = ws.cli("--help")
    assert result.code == 0
    for command in [*COMMANDS, "lint"]:
        assert command in result.out
