"""`signoff lint` hands its arguments to the linter and exits with the linter's code."""

from __future__ import annotations

import json

from cli_helpers import Workspace

UNSAFE = """\
from signoff.types import interrupt


def node(state):
    try:
        answer = interrupt("Approve?")
    except Exception:
        answer = None
    return {"answer": answer}
"""


def test_lint_reports_findings_and_exits_1(ws: Workspace) -> None:
    (ws.root / "unsafe.py").write_text(UNSAFE)
    result = ws.cli("lint", "unsafe.py")
    assert result.code == 1
    assert "unsafe.py:6:" in result.out and "SO101" in result.out
    as_json = ws.cli("lint", "--format", "json", "unsafe.py")
    assert as_json.code == 1
    assert [f["code"] for f in json.loads(as_json.out)] == ["SO101"]


def test_lint_clean_file_and_missing_path(ws: Workspace) -> None:
    assert ws.cli("lint", "plain_graph.py").code == 0
    missing = ws.cli("lint", "nowhere.py")
    assert missing.code == 2 and "nowhere.py" in missing.err
    assert "--format" in ws.cli("lint", "--help").out
