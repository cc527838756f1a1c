"""What storing and reading a thread costs, on a SQLite file and on the real PostgreSQL, measured in
things that do not depend on the machine's speed: bytes stored, statements run, the query plan, the
pages a read touches, SQLite virtual-machine steps.

- A step that changes one small key of a 1 MB state stores a few hundred bytes, not a megabyte.
- Reading the latest checkpoint is one index search, whatever the length of the history.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict

import psycopg
import pytest
from postgres_support import pg_url, saver

from signoff.checkpoint.postgres import PostgresSaver
from signoff.checkpoint.postgres import _sql as pg_sql
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.testing._support import Chain, config

__all__ = ["pg_url", "saver"]  # fixtures

STATE_BYTES = 1_000_000
STEPS = 20


def big_text() -> str:
    """1 MB that no compressor shrinks, so a stored copy shows in full."""
    return os.urandom(STATE_BYTES // 2).hex()


@pytest.fixture
def sqlite_saver(tmp_path: Path) -> Iterator[SqliteSaver]:
    with SqliteSaver.from_conn_string(str(tmp_path / "threads.db")) as s:
        yield s


def sqlite_bytes(saver: SqliteSaver) -> int:
    """Bytes the database file holds in use (WAL folded in, free pages not counted)."""
    conn = saver.conn
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    used = conn.execute("PRAGMA page_count").fetchone()[0]
    used -= conn.execute("PRAGMA freelist_count").fetchone()[0]
    return int(used * conn.execute("PRAGMA page_size").fetchone()[0])


def postgres_bytes(saver: PostgresSaver) -> int:
    """Bytes of every stored row of every signoff table (as stored: TOASTed values included)."""
    conn: Any = saver.conn
    total = 0
    for table in ("checkpoints", "blobs", "writes", "interrupts", "answers", "threads"):
        row = conn.execute(f"SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM signoff_{table} t")
        total += int(row.fetchone()[0])
    return total


# --- bytes per checkpoint ------------------------------------------------------------------------


def grow_a_big_state(saver: Any, measure: Any) -> tuple[int, int]:
    """Store a 1 MB state, then STEPS checkpoints that each change one small key and write one
    pending write; return (bytes after the first checkpoint, bytes added per later step)."""
    doc = big_text()
    chain = Chain(saver, "big")
    chain.put({"doc": doc, "notes": ["keep"] * 100, "step": 0})
    first = measure(saver)
    for step in range(1, STEPS + 1):
        chain.put({"step": step})
        saver.put_writes(chain.head, [("step", step + 1)], f"task-{step}")
    per_step = (measure(saver) - first) // STEPS
    latest = saver.get_tuple(config("big"))
    assert latest.checkpoint["channel_values"] == {"doc": doc, "notes": ["keep"] * 100, "step": 20}
    return first, per_step


def test_sqlite_stores_a_big_state_once_and_little_per_step(sqlite_saver: SqliteSaver) -> None:
    first, per_step = grow_a_big_state(sqlite_saver, sqlite_bytes)
    assert first > STATE_BYTES  # the state is stored once, in full
    assert per_step < STATE_BYTES / 500, f"{per_step} bytes per step"
    blobs = sqlite_saver.conn.execute("SELECT count(*) FROM signoff_blobs WHERE channel = 'doc'")
    assert blobs.fetchone()[0] == 1


def test_postgres_stores_a_big_state_once_and_little_per_step(saver: PostgresSaver) -> None:
    first, per_step = grow_a_big_state(saver, postgres_bytes)
    assert first > STATE_BYTES
    assert per_step < STATE_BYTES / 500, f"{per_step} bytes per step"


class Doc(TypedDict):
    doc: str
    step: int


def test_a_graph_that_loops_over_a_big_state_stores_little_per_step(
    sqlite_saver: SqliteSaver,
) -> None:
    """The same through the runtime: it tells the saver only the changed channels."""
    from signoff.graph import END, START, StateGraph

    def bump(state: Doc) -> dict[str, Any]:
        return {"step": state["step"] + 1}

    builder = StateGraph(Doc)
    builder.add_node("bump", bump)
    builder.add_edge(START, "bump")
    builder.add_conditional_edges("bump", lambda s: END if s["step"] >= STEPS else "bump")
    graph = builder.compile(checkpointer=sqlite_saver)
    doc = big_text()
    start = sqlite_bytes(sqlite_saver)
    graph.invoke({"doc": doc, "step": STEPS - 1}, {"configurable": {"thread_id": "one-step"}})
    one_step = sqlite_bytes(sqlite_saver) - start
    graph.invoke({"doc": doc, "step": 0}, {"configurable": {"thread_id": "loop"}})
    all_steps = sqlite_bytes(sqlite_saver) - start - one_step
    assert one_step > STATE_BYTES  # the input, its write and the channel: copies of the doc
    per_step = (all_steps - one_step) // (STEPS - 1)
    assert per_step < STATE_BYTES / 500, f"{per_step} bytes per step"
    assert graph.get_state({"configurable": {"thread_id": "loop"}}).values["step"] == STEPS


# --- reading the latest checkpoint ---------------------------------------------------------------


def put_history(saver: Any, thread: str, length: int) -> None:
    chain = Chain(saver, thread)
    chain.put({"doc": "d" * 500, "i": 0, "tags": ["t"]})
    for i in range(1, length):
        chain.put({"i": i})
        saver.put_writes(chain.head, [("i", i)], f"task-{i}")


def vm_steps(conn: sqlite3.Connection, call: Any) -> int:
    """SQLite virtual-machine instructions `call` runs (counted in units of 10)."""
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(tick, 10)
    try:
        call()
    finally:
        conn.set_progress_handler(None, 10)
    return steps[0]


def test_sqlite_latest_read_costs_the_same_after_a_long_history(
    sqlite_saver: SqliteSaver,
) -> None:
    put_history(sqlite_saver, "short", 3)
    put_history(sqlite_saver, "long", 600)
    put_history(sqlite_saver, "other", 200)

    def steps(thread: str) -> int:
        return vm_steps(sqlite_saver.conn, lambda: sqlite_saver.get_tuple(config(thread)))

    short, long = steps("short"), steps("long")
    assert long <= short * 1.2 + 10, (short, long)


def test_sqlite_latest_read_is_an_index_search_without_a_sort(sqlite_saver: SqliteSaver) -> None:
    put_history(sqlite_saver, "t", 30)
    seen: list[str] = []
    sqlite_saver.conn.set_trace_callback(seen.append)
    try:
        sqlite_saver.get_tuple(config("t"))
    finally:
        sqlite_saver.conn.set_trace_callback(None)
    selects = [s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(selects) == 1  # the checkpoint row, its values and its pending writes, in one
    for sql in selects:
        plan = " | ".join(r[3] for r in sqlite_saver.conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING INDEX" in plan or "USING PRIMARY KEY" in plan, plan
        assert "SCAN signoff_" not in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # writes are ordered by seq in Python


def explain(saver: PostgresSaver, sql: str, params: list[Any]) -> dict[str, Any]:
    conn: Any = saver.conn
    (row,) = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params).fetchall()
    plan: dict[str, Any] = row[0][0]["Plan"]
    return plan


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


LATEST_SQL = (
    pg_sql.SELECT_CHECKPOINTS
    + " WHERE c.thread_id = %s AND c.checkpoint_ns = %s"
    + pg_sql.LIST_ORDER
    + " LIMIT 1"
)


def test_postgres_latest_read_is_an_index_scan_that_does_not_grow(saver: PostgresSaver) -> None:
    put_history(saver, "short", 3)
    put_history(saver, "long", 150)
    for n in range(10):
        put_history(saver, f"other-{n}", 10)
    conn: Any = saver.conn
    conn.execute("ANALYZE")

    short = explain(saver, LATEST_SQL, ["short", ""])
    long = explain(saver, LATEST_SQL, ["long", ""])

    for plan in (short, long):
        kinds = [(n["Node Type"], n.get("Relation Name")) for n in nodes(plan)]
        assert ("Seq Scan", "signoff_checkpoints") not in kinds, kinds
        assert not any(kind == "Sort" for kind, _ in kinds), kinds
        scans = [n for n in nodes(plan) if n.get("Relation Name") == "signoff_checkpoints"]
        assert scans and all("Index" in n["Node Type"] for n in scans), kinds
        assert all(n["Actual Rows"] <= 1 for n in scans), "one checkpoint row is read"

    def pages(plan: dict[str, Any]) -> int:
        return int(plan["Shared Hit Blocks"] + plan["Shared Read Blocks"])

    assert pages(long) <= pages(short) + 4, (pages(short), pages(long))


def test_postgres_reading_and_listing_cost_a_fixed_number_of_statements(pg_url: str) -> None:
    """One statement for the latest checkpoint however long the history; one per page of list."""
    statements: list[str] = []

    class Counting(psycopg.Cursor[Any]):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Counting:
            statements.append(str(query))
            super().execute(query, params, **kwargs)
            return self

    with psycopg.connect(pg_url, autocommit=True, cursor_factory=Counting) as conn:
        s = PostgresSaver(conn)
        s.setup()
        put_history(s, "short", 2)
        put_history(s, "long", 250)
        for thread in ("short", "long"):
            statements.clear()
            assert s.get_tuple(config(thread)) is not None
            assert len(statements) == 1
        statements.clear()
        found = list(s.list(config("long"), filter={"source": "loop"}))
        assert len(found) == 250 and len(statements) == 3
        values = [t.checkpoint["channel_values"]["i"] for t in found]
        assert values == list(range(249, -1, -1))
        assert all(t.pending_writes for t in found[:-1])
