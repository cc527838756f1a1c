"""Fixtures for the CLI tests (helpers live in `cli_helpers`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_helpers import GRAPHS, Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    for source in GRAPHS.glob("*.py"):
        shutil.copy(source, tmp_path / source.name)
    return Workspace(tmp_path)
