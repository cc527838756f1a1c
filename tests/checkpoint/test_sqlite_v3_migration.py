"""A database left by a signoff of schema version 2 (with a paused thread, an answered and
finished one, their writes and history) is migrated to version 3 and goes on working: the paused
thread resumes, nothing is lost, and writes keep their order across the migration."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, TypedDict

from signoff.checkpoint.sqlite import SqliteSaver, _schema
from signoff.checkpoint.sqlite._conn import database_path
from signoff.constants import INTERRUPT, RESUME
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class Review(TypedDict, total=False):
    request: int
    draft: str
    answer: str
    result: str


def approval_graph(saver: SqliteSaver) -> Any:
    def draft(state: Review) -> dict[str, Any]:
        return {"draft": f"email {state['request']}"}

    def review(state: Review) -> dict[str, Any]:
        return {"answer": interrupt({"draft": state["draft"]})}

    def send(state: Review) -> dict[str, Any]:
        return {"result": f"{state['draft']} -> {state['answer']}"}

    builder = StateGraph(Review)
    builder.add_node("draft", draft)
    builder.add_node("review", review)
    builder.add_node("send", send)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "review")
    builder.add_edge("review", "send")
    builder.add_edge("send", END)
    return builder.compile(checkpointer=saver)


def thread(name: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": name}}


def write_version_2_copy(path: str, source: SqliteSaver) -> None:
    """Copy `source`'s rows into a new file with exactly the version 2 schema. Writes and answers
    get the small row ids a version 2 signoff gave them (1, 2, ... in the order they were put)."""
    old = sqlite3.connect(path)
    old.execute(_schema.CREATE_VERSION_TABLE)
    for version, statements in enumerate(_schema.MIGRATIONS[:2], start=1):
        for statement in statements:
            old.execute(statement)
        old.execute(_schema.STAMP_SQL, (version,))
    old.commit()
    source.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old.execute("ATTACH DATABASE ? AS src", (database_path(source.conn),))
    for table in _schema.TABLES:
        columns = [r[1] for r in old.execute(f"PRAGMA main.table_info({table})")]
        names = ", ".join(columns)
        picked = names.replace("seq", "row_number() OVER (ORDER BY seq)", 1)
        order = " ORDER BY seq" if "seq" in columns else ""
        old.execute(f"INSERT INTO main.{table} ({names}) SELECT {picked} FROM src.{table}{order}")
    old.commit()
    old.execute("DETACH DATABASE src")
    assert old.execute("SELECT max(seq) FROM signoff_writes").fetchone()[0] < 100
    assert "WITHOUT ROWID" not in schema_of(old, "signoff_writes")
    old.close()


def schema_of(conn: sqlite3.Connection, table: str) -> str:
    row = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
    return str(row[0])


def test_a_version_2_database_is_migrated_to_3_and_resumes(tmp_path: Path) -> None:
    old_path = str(tmp_path / "v2.db")
    with SqliteSaver.from_conn_string(str(tmp_path / "now.db")) as now:
        graph = approval_graph(now)
        graph.invoke({"request": 1}, thread("done"))
        graph.invoke(Command(resume="ok 1"), thread("done"))
        graph.invoke({"request": 2}, thread("paused"))
        history_before = [s.config for s in graph.get_state_history(thread("done"))]
        answers_before = now.answers("done")
        write_version_2_copy(old_path, now)

    with SqliteSaver.from_conn_string(old_path) as migrated:
        conn = migrated.conn
        versions = conn.execute("SELECT version FROM signoff_schema_version").fetchall()
        assert versions == [(1,), (2,), (3,)] and _schema.LATEST_VERSION == 3
        assert "WITHOUT ROWID" in schema_of(conn, "signoff_writes")
        assert "WITHOUT ROWID" in schema_of(conn, "signoff_interrupts")
        assert "AUTOINCREMENT" not in schema_of(conn, "signoff_answers")
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='index'")}
        assert {
            "signoff_interrupts_pending",
            "signoff_interrupts_id",
            "signoff_answers_thread",
        } <= indexes

        graph = approval_graph(migrated)
        assert [s.config for s in graph.get_state_history(thread("done"))] == history_before
        assert graph.get_state(thread("done")).values["result"] == "email 1 -> ok 1"
        assert migrated.answers("done") == answers_before
        [pending] = migrated.pending_interrupts()
        assert (pending.thread_id, pending.value) == ("paused", {"draft": "email 2"})
        state = graph.get_state(thread("paused"))
        assert state.next == ("review",)

        final = graph.invoke(Command(resume="ok 2"), thread("paused"))
        assert final == {
            "request": 2,
            "draft": "email 2",
            "answer": "ok 2",
            "result": "email 2 -> ok 2",
        }
        assert migrated.pending_interrupts() == []
        assert [a.value for a in migrated.answers("paused")] == ["ok 2"]
        paused_at = migrated.get_tuple(state.config)
        assert paused_at is not None
        channels = [w[1] for w in paused_at.pending_writes or []]
        # Written before the migration, then by the answer, then by the resumed task: in order.
        assert channels == [INTERRUPT, RESUME, "answer", "branch:to:send"]
