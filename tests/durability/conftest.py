"""Where the durability tests keep their threads: a SQLite file, or a fresh schema on the real
PostgreSQL (`SIGNOFF_TEST_POSTGRES`, default the local `test` database), dropped afterwards.

PostgreSQL out of reach skips those tests with the reason, except under CI (`CI` set), where
they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

PG_URL = os.environ.get("SIGNOFF_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def require_postgres() -> None:
    try:
        psycopg.connect(PG_URL, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL at {PG_URL} is not reachable ({str(exc).strip()})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so these tests must run")
        pytest.skip(f"{reason}; start it or set SIGNOFF_TEST_POSTGRES")


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A connection string whose `search_path` is a new, empty schema."""
    require_postgres()
    schema = f"signoff_durability_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(PG_URL, options=f"-c search_path={schema}")
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(kind, url) of an empty durable store: a SQLite file path or a PostgreSQL conninfo."""
    if request.param == "sqlite":
        return "sqlite", str(tmp_path / "threads.db")
    url: str = request.getfixturevalue("pg_schema_url")
    return "postgres", url
