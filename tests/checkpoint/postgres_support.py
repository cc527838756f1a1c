"""The real PostgreSQL for the saver tests: each test gets a fresh schema, dropped afterwards.

The server is `SIGNOFF_TEST_POSTGRES` (default: the local `test` database). If it cannot be
reached the tests are skipped with the reason, except under CI (`CI` set), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from signoff.checkpoint.base import (
    Checkpoint,
    CheckpointMetadata,
    InterruptRecord,
    RunnableConfig,
    empty_checkpoint,
)
from signoff.checkpoint.postgres import PostgresSaver

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
def pg_url() -> Iterator[str]:
    """A connection string whose `search_path` is a new, empty schema."""
    require_postgres()
    schema = f"signoff_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield make_conninfo(PG_URL, options=f"-c search_path={schema}")
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def saver(pg_url: str) -> Iterator[PostgresSaver]:
    with PostgresSaver.from_conn_string(pg_url) as s:
        s.setup()
        yield s


class CountingCursor(psycopg.Cursor[Any]):
    """Records every statement run through it on its connection's `statements` list."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> CountingCursor:
        connection: Any = self.connection
        connection.statements.append(str(query))
        super().execute(query, params, **kwargs)
        return self


class CountingConnection(psycopg.Connection[Any]):
    """A connection that counts the statements savers run on it (`statements`)."""

    statements: list[str]

    @classmethod
    def open(cls, url: str) -> CountingConnection:
        conn = cls.connect(url, autocommit=True, cursor_factory=CountingCursor)
        conn.statements = []
        return conn


def put_chain(
    saver: PostgresSaver, thread_id: str, steps: list[dict[str, Any]], ns: str = ""
) -> list[RunnableConfig]:
    """Put one checkpoint per step, each applying the step's changes to the previous values."""
    head: RunnableConfig = {"configurable": {"thread_id": thread_id, "checkpoint_ns": ns}}
    values: dict[str, Any] = {}
    versions: dict[str, Any] = {}
    configs = []
    for step, changes in enumerate(steps):
        new = {ch: saver.get_next_version(versions.get(ch), ch) for ch in changes}
        values |= changes
        versions |= new
        checkpoint: Checkpoint = {
            **empty_checkpoint(),
            "channel_values": dict(values),
            "channel_versions": dict(versions),
        }
        meta = CheckpointMetadata(source="loop", step=step)
        head = saver.put(head, checkpoint, meta, new)
        configs.append(head)
    return configs


def record(at: RunnableConfig, interrupt_id: str, **kwargs: Any) -> InterruptRecord:
    conf = at["configurable"]
    fields: dict[str, Any] = {"task_id": "task", "node": "review", "value": "Approve?"}
    return InterruptRecord(
        thread_id=conf["thread_id"],
        checkpoint_ns=conf["checkpoint_ns"],
        checkpoint_id=conf["checkpoint_id"],
        interrupt_id=interrupt_id,
        **(fields | kwargs),
    )
