"""PG. The interrupt -> resume cycle (see `hitl`) on PostgreSQL (`PostgresSaver.from_conn_string`,
then `setup()`), 200 threads.

Each library gets its own schema (`bench_signoff`, `bench_langgraph`), dropped and made anew by
every measuring process, so neither sees the other's tables nor rows left by tests or earlier runs.
The URL comes from `SIGNOFF_BENCH_PG` (default: the local test database).
"""

from __future__ import annotations

import contextlib
import os
from urllib.parse import quote

from bench.lib import Lib, Unavailable
from bench.measure import Budget, Metric, time_case
from bench.workloads.hitl import cycle_case

NUMBER = "PG"
NAME = "hitl_postgres"
TITLE = "interrupt -> resume cycle, PostgreSQL, 200 threads"
METRICS = (Metric("cycle_ms", "per cycle", "ms"),)
SIZE = 200
SMOKE_SIZE = 5
SCALING = "per-unit"

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def fresh_schema(url: str, schema: str) -> str:
    """Drop and recreate `schema`; return `url` with its `search_path` set to it."""
    try:
        import psycopg
    except ImportError as exc:
        raise Unavailable(f"psycopg is not installed ({exc})") from None
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        first_line = str(exc).strip().splitlines()[0]
        raise Unavailable(
            f"PostgreSQL at {url} refused ({first_line}); set SIGNOFF_BENCH_PG"
        ) from None
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    url = fresh_schema(os.environ.get("SIGNOFF_BENCH_PG", DEFAULT_URL), f"bench_{lib.name}")
    with contextlib.ExitStack() as stack:
        saver = stack.enter_context(lib.postgres_saver.PostgresSaver.from_conn_string(url))
        saver.setup()
        median, _ = time_case(cycle_case(lib, size, saver, "pg"), budget)
    return {"cycle_ms": median}
