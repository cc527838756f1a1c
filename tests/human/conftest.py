"""Savers for the human-in-the-loop tests: in memory, a SQLite file, and the real PostgreSQL.

PostgreSQL is `SIGNOFF_TEST_POSTGRES` (default: the local `test` database); each test gets a fresh
schema. When it cannot be reached its tests are skipped, except under CI (`CI` set).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver

PG_URL = os.environ.get("SIGNOFF_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A PostgreSQL connection string whose `search_path` is a new, empty schema."""
    psycopg = pytest.importorskip("psycopg")
    from psycopg.conninfo import make_conninfo

    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL at {PG_URL} is not reachable ({str(exc).strip()})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so these tests must run")
        pytest.skip(reason)
    schema = f"signoff_human_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(PG_URL, options=f"-c search_path={schema}")
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    kind: str = request.param
    if kind == "memory":
        yield InMemorySaver()
    elif kind == "sqlite":
        with SqliteSaver.from_conn_string(str(tmp_path / "threads.db")) as s:
            yield s
    else:
        from signoff.checkpoint.postgres import PostgresSaver

        with PostgresSaver.from_conn_string(request.getfixturevalue("pg_schema_url")) as s:
            s.setup()
            yield s


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver()
