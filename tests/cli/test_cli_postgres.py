"""The same run → inbox → answer cycle on the real PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from cli_helpers import Workspace, assert_one_line_error

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


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("postgresql://postgres:secret@127.0.0.1:1/nothing", "127.0.0.1:1"),
        ("postgresql://postgres:secret@127.0.0.1:5432/no_such_database", "no_such_database"),
    ],
)
def test_unreachable_postgres_is_one_line_without_the_password(
    ws: Workspace, url: str, needle: str
) -> None:
    for command in (["inbox"], ["run", "plain_graph.py:graph", "--no-input"]):
        result = ws.cli(*command, "--db", url)
        line = assert_one_line_error(result, 2, "postgresql://postgres:***@", needle)
        assert "secret" not in result.err and "secret" not in result.out, line


def test_hints_never_print_the_password(ws: Workspace, pg_url: str) -> None:
    """The server trusts local connections, so any password works; the hint masks it."""
    with_password = pg_url.replace("postgres@", "postgres:not-to-be-shown@")
    thread = f"cli-{uuid.uuid4()}"
    started = ws.cli(
        "run", "plain_graph.py:graph", "--thread", thread, "--no-input", "--db", with_password
    )
    assert started.code == 0, started.err
    assert "not-to-be-shown" not in started.out + started.err
    assert "--db 'postgresql://postgres:***@127.0.0.1:5432/test'" in started.out
