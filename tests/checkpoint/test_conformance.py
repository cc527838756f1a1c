"""Every saver passes the one conformance suite in `signoff.checkpoint.testing`, three ways: through
its sync methods, through its async methods (`AsyncFace`), and the checks written as coroutines.

Savers: in memory, a SQLite file (sync and async saver), and the real PostgreSQL (sync and async
saver, each on a fresh schema). `AsyncPostgresSaver` is created on a loop in its own thread, so its
sync methods (which hand work to that loop) can be called from the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from postgres_support import PG_URL, require_postgres

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.sqlite._conn import open_connection
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.checkpoint.testing import (
    ASYNC_CHECKS,
    CHECKS,
    AsyncCheck,
    AsyncFace,
    Check,
    LoopThread,
    run_conformance,
)

SAVERS = ["memory", "sqlite", "sqlite-async", "postgres", "postgres-async"]


@pytest.fixture(scope="module")
def shared_pg_url() -> Iterator[str]:
    """One schema for every PostgreSQL saver here: checks use thread ids and graph names of their
    own, so they may share a database (as they would share a production one)."""
    require_postgres()
    import uuid

    import psycopg
    from psycopg.conninfo import make_conninfo

    from signoff.checkpoint.postgres import PostgresSaver

    schema = f"signoff_conformance_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = make_conninfo(PG_URL, options=f"-c search_path={schema}")
    try:
        with PostgresSaver.from_conn_string(url) as s:
            s.setup()
        yield url
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def loop() -> Iterator[LoopThread]:
    with LoopThread() as running:
        yield running


@contextmanager
def _open(kind: str, path: Path, loop: LoopThread, url: str | None) -> Iterator[Any]:
    if kind == "memory":
        yield InMemorySaver()
    elif kind == "sqlite":
        with SqliteSaver.from_conn_string(str(path)) as s:
            yield s
    elif kind == "sqlite-async":
        conn = open_connection(str(path))
        try:
            yield AsyncSqliteSaver(conn)
        finally:
            conn.close()
    elif kind == "postgres":
        from signoff.checkpoint.postgres import PostgresSaver

        assert url is not None
        with PostgresSaver.from_conn_string(url) as s:
            s.setup()
            yield s
    else:
        from signoff.checkpoint.postgres.aio import AsyncPostgresSaver

        assert url is not None
        opened = AsyncPostgresSaver.from_conn_string(url)
        s = loop.run(opened.__aenter__())
        try:
            loop.run(s.setup())
            yield s
        finally:
            loop.run(opened.__aexit__(None, None, None))


@pytest.fixture(params=SAVERS)
def saver(
    request: pytest.FixtureRequest, tmp_path: Path, loop: LoopThread
) -> Iterator[BaseCheckpointSaver]:
    kind: str = request.param
    url = None
    if kind.startswith("postgres"):
        require_postgres()
        url = request.getfixturevalue("shared_pg_url")
    with _open(kind, tmp_path / "threads.db", loop, url) as s:
        yield s


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
def test_conformance(saver: BaseCheckpointSaver, check: Check) -> None:
    check(saver)


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
def test_conformance_through_async_methods(
    saver: BaseCheckpointSaver, loop: LoopThread, check: Check
) -> None:
    check(AsyncFace(saver, loop))


@pytest.fixture(params=SAVERS)
async def asaver(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Any]:
    """A saver created on the test's own event loop."""
    kind: str = request.param
    if kind == "postgres-async":
        from signoff.checkpoint.postgres.aio import AsyncPostgresSaver

        require_postgres()
        url = request.getfixturevalue("shared_pg_url")
        async with AsyncPostgresSaver.from_conn_string(url) as s:
            await s.setup()
            yield s
        return
    url = request.getfixturevalue("shared_pg_url") if kind == "postgres" else None
    with LoopThread() as unused, _open(kind, tmp_path / "threads.db", unused, url) as s:
        yield s


@pytest.mark.parametrize("check", ASYNC_CHECKS.values(), ids=list(ASYNC_CHECKS))
async def test_conformance_async(asaver: BaseCheckpointSaver, check: AsyncCheck) -> None:
    await check(asaver)


def test_run_conformance_runs_every_check_on_fresh_savers(tmp_path: Path) -> None:
    made: list[SqliteSaver] = []

    @contextmanager
    def fresh() -> Iterator[BaseCheckpointSaver]:
        made.append(SqliteSaver(open_connection(str(tmp_path / f"{len(made)}.db"))))
        try:
            yield made[-1]
        finally:
            made[-1].conn.close()

    run_conformance(fresh)
    assert len(made) == 2 * len(CHECKS) + len(ASYNC_CHECKS)


def test_a_saver_that_breaks_the_contract_fails_the_suite() -> None:
    """The suite can fail: a saver that keeps what it was given by reference is caught."""

    class ByReference(InMemorySaver):
        def get_tuple(self, config: Any) -> Any:
            found = super().get_tuple(config)
            if found is not None:
                self.__dict__.setdefault("seen", []).append(found)
                if len(self.__dict__["seen"]) > 1:
                    return self.__dict__["seen"][0]  # hands out the same objects again
            return found

    with pytest.raises(AssertionError, match="values, read 1"):
        CHECKS["changes_to_reads_not_stored"](ByReference())
