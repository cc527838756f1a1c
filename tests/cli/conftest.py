"""Fixtures for the CLI tests (helpers live in `cli_helpers`)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import FORK_SERVER, GRAPHS, Workspace


@pytest.fixture(scope="session", autouse=True)
def _fork_server() -> Iterator[None]:
    """Stop the warm `signoff` process when the session ends (it starts on first use)."""
    yield
    FORK_SERVER.close()


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    for source in GRAPHS.glob("*.py"):
        shutil.copy(source, tmp_path / source.name)
    return Workspace(tmp_path)
