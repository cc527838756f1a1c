"""Every saver passes the one conformance suite in `signoff.checkpoint.testing`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres_support import pg_url, require_postgres

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.sqlite._conn import open_connection
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.checkpoint.testing import ASYNC_CHECKS, CHECKS, AsyncCheck, Check, run_conformance

__all__ = ["pg_url"]  # a fixture

SAVERS = ["memory", "sqlite", "sqlite-async", "postgres"]


@pytest.fixture(params=SAVERS)
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    kind: str = request.param
    if kind == "memory":
        yield InMemorySaver()
    elif kind == "sqlite":
        with SqliteSaver.from_conn_string(str(tmp_path / "threads.db")) as s:
            yield s
    elif kind == "sqlite-async":
        conn = open_connection(str(tmp_path / "threads.db"))
        try:
            yield AsyncSqliteSaver(conn)
        finally:
            conn.close()
    else:
        require_postgres()
        from signoff.checkpoint.postgres import PostgresSaver

        with PostgresSaver.from_conn_string(request.getfixturevalue("pg_url")) as s:
            s.setup()
            yield s


@pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
def test_conformance(saver: BaseCheckpointSaver, check: Check) -> None:
    check(saver)


@pytest.mark.parametrize("check", ASYNC_CHECKS.values(), ids=list(ASYNC_CHECKS))
async def test_conformance_async(saver: BaseCheckpointSaver, check: AsyncCheck) -> None:
    await check(saver)


def test_run_conformance_runs_every_check_on_fresh_savers(tmp_path: Path) -> None:
    made: list[SqliteSaver] = []

    def make() -> SqliteSaver:
        made.append(SqliteSaver(open_connection(str(tmp_path / f"{len(made)}.db"))))
        return made[-1]

    from contextlib import contextmanager

    @contextmanager
    def fresh() -> Iterator[BaseCheckpointSaver]:
        s = make()
        try:
            yield s
        finally:
            s.conn.close()

    run_conformance(fresh)
    assert len(made) == len(CHECKS) + len(ASYNC_CHECKS)
