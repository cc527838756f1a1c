"""The `opener` fixture: each test runs once per saver (memory, SQLite file, PostgreSQL) and opens
it again for each run, as another process would (the memory saver is one shared instance)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.postgres import PostgresSaver
from signoff.checkpoint.sqlite import SqliteSaver

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checkpoint"))
from postgres_support import pg_url

__all__ = ["Opener", "opener", "pg_url"]  # fixtures and their type

Opener = Callable[[], AbstractContextManager[BaseCheckpointSaver]]


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    if request.param == "memory":
        shared = InMemorySaver()

        @contextmanager
        def memory() -> Iterator[BaseCheckpointSaver]:
            yield shared

        return memory
    if request.param == "sqlite":
        return lambda: SqliteSaver.from_conn_string(str(tmp_path / "threads.db"))
    url = request.getfixturevalue("pg_url")

    @contextmanager
    def postgres() -> Iterator[BaseCheckpointSaver]:
        with PostgresSaver.from_conn_string(url) as saver:
            saver.setup()
            yield saver

    return postgres
