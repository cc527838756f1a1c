"""The same run → inbox → answer cycle on the real PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from cli_helpers import Workspace

URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture
def pg_url() -> str:
    psycopg = pytest.importorskip("psycopg")
    try:
        psycopg.connect(URL, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    return URL


def test_run_and_answer_on_postgres(ws: Workspace, pg_url: str) -> None:
    thread = f"cli-{uuid.uuid4()}"
    started = ws.cli(
        "run", "plain_graph.py:graph", "--thread", thread, "--no-input", "--db", pg_url
    )
    assert started.code == 0, started.err
    assert f"--db {pg_url}" in started.out
    inbox = ws.cli("inbox", "--json", "--db", pg_url).json()
    assert thread in [i["thread_id"] for i in inbox]
    answered = ws.cli("answer", thread, "--value", "true", "--json", "--db", pg_url)
    assert answered.code == 0, answered.err
    assert answered.json()["values"]["approved"] is True


def test_refused_postgres_url_is_one_line(ws: Workspace) -> None:
    result = ws.cli("inbox", "--db", "postgresql://postgres:secret@127.0.0.1:1/nothing")
    assert result.code == 2
    assert len([line for line in result.err.splitlines() if line.strip()]) == 1
    assert result.err.startswith(
        "error: cannot open database postgresql://postgres:***@127.0.0.1:1"
    )
    assert "secret" not in result.err
