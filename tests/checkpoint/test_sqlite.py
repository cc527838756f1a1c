"""SqliteSaver beyond the conformance suite: opening files, schema versions, the shape of its queries,
delta storage, pruning, corrupt rows, and sharing one saver between threads."""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from signoff.checkpoint.base import (
    AnswerRecord,
    CheckpointMetadata,
    InterruptRecord,
    RunnableConfig,
    empty_checkpoint,
)
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.sqlite._conn import database_path
from signoff.checkpoint.sqlite._schema import LATEST_VERSION, TABLES
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.checkpoint.testing._support import Chain, config, interrupt_record
from signoff.errors import CorruptCheckpointError, SchemaVersionError


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "threads.db")


@pytest.fixture
def saver(db: str) -> Iterator[SqliteSaver]:
    with SqliteSaver.from_conn_string(db) as s:
        yield s


def scalar(saver: SqliteSaver, sql: str, *params: Any) -> Any:
    return saver.conn.execute(sql, params).fetchone()[0]


def statements_during(saver: SqliteSaver, call: Any) -> list[str]:
    seen: list[str] = []
    saver.conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        saver.conn.set_trace_callback(None)
    return seen


# --- opening and the schema ------------------------------------------------------------------------


def test_file_database_uses_wal_and_waits_for_locks(saver: SqliteSaver) -> None:
    assert scalar(saver, "PRAGMA journal_mode") == "wal"
    assert scalar(saver, "PRAGMA busy_timeout") >= 5000


def test_memory_database_works(db: str) -> None:
    with SqliteSaver.from_conn_string(":memory:") as s:
        Chain(s, "t").put({"a": 1})
        latest = s.get_tuple(config("t"))
        assert latest is not None and latest.checkpoint["channel_values"] == {"a": 1}


def test_setup_is_lazy_idempotent_and_stamps_the_version(db: str) -> None:
    conn = sqlite3.connect(db, check_same_thread=False)
    s = SqliteSaver(conn)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    Chain(s, "t").put({"a": 1})  # first use creates the schema
    s.setup()
    SqliteSaver(conn).setup()
    versions = conn.execute("SELECT version FROM signoff_schema_version").fetchall()
    assert versions == [(v,) for v in range(1, LATEST_VERSION + 1)]
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLES) <= names
    conn.close()


def test_a_newer_schema_is_refused_before_anything_is_written(db: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE signoff_schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)"
    )
    conn.execute("INSERT INTO signoff_schema_version VALUES (?, 'later')", (LATEST_VERSION + 1,))
    conn.commit()
    conn.close()
    before = Path(db).read_bytes()
    with pytest.raises(SchemaVersionError, match=r"threads\.db.*newer.*upgrade signoff"):
        with SqliteSaver.from_conn_string(db):
            pass
    assert Path(db).read_bytes() == before  # not even switched to WAL
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    conn.close()
    assert tables == ["signoff_schema_version"]


def test_a_path_that_cannot_be_opened_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "missing-dir" / "threads.db"
    with pytest.raises(OSError, match=r"missing-dir/threads\.db.*directory exists"):
        with SqliteSaver.from_conn_string(str(path)):
            pass
    assert not path.parent.exists()


def test_a_file_that_is_not_a_database_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just notes\n" * 100)
    with pytest.raises(OSError, match=r"notes\.txt.*not a database"):
        with SqliteSaver.from_conn_string(str(path)):
            pass
    assert path.read_text() == "not a database, just notes\n" * 100


# --- query shapes and delta storage ----------------------------------------------------------------


def test_latest_checkpoint_is_one_index_search(saver: SqliteSaver) -> None:
    chain = Chain(saver, "t")
    for i in range(30):
        chain.put({"i": i})
    seen = statements_during(saver, lambda: saver.get_tuple(config("t")))
    (latest_sql,) = [s for s in seen if "FROM signoff_checkpoints" in s]
    plan = " | ".join(r[3] for r in saver.conn.execute("EXPLAIN QUERY PLAN " + latest_sql))
    assert "SEARCH signoff_checkpoints USING INDEX" in plan
    assert "thread_id=? AND checkpoint_ns=?" in plan
    assert "TEMP B-TREE" not in plan
    assert "SCAN signoff_checkpoints" not in plan


def test_reading_the_latest_checkpoint_does_not_depend_on_history_length(
    saver: SqliteSaver,
) -> None:
    short, long = Chain(saver, "short"), Chain(saver, "long")
    for i in range(3):
        short.put({"i": i, "doc": "d"} if i == 0 else {"i": i})
    for i in range(300):
        long.put({"i": i, "doc": "d"} if i == 0 else {"i": i})
    for chain in (short, long):
        saver.put_writes(chain.head, [("i", -1)], "task")
    short_sql = statements_during(saver, lambda: saver.get_tuple(config("short")))
    long_sql = statements_during(saver, lambda: saver.get_tuple(config("long")))
    assert len(long_sql) == len(short_sql) <= 5


def test_list_reads_pages_not_one_query_per_checkpoint(saver: SqliteSaver) -> None:
    chain = Chain(saver, "t")
    for i in range(250):
        chain.put({"i": i})
        saver.put_writes(chain.head, [("i", i + 1)], f"task-{i}")
    found: list[Any] = []
    seen = statements_during(saver, lambda: found.extend(saver.list(config("t"))))
    assert len(found) == 250
    assert [t.checkpoint["channel_values"]["i"] for t in found] == list(range(249, -1, -1))
    assert all(t.pending_writes == [(f"task-{249 - n}", "i", 250 - n)] for n, t in enumerate(found))
    selects = [s for s in seen if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 3 * math.ceil(250 / 100)


def _file_bytes(saver: SqliteSaver) -> int:
    saver.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = scalar(saver, "PRAGMA page_count") - scalar(saver, "PRAGMA freelist_count")
    return int(pages * scalar(saver, "PRAGMA page_size"))


def test_a_big_state_that_barely_changes_costs_little_per_checkpoint(saver: SqliteSaver) -> None:
    doc = "".join(f"line {i}: {i * 7919 % 104729}\n" for i in range(12_000))
    assert len(doc) > 200_000
    chain = Chain(saver, "t")
    chain.put({"doc": doc, "notes": ["n"] * 50, "step": 0})
    start = _file_bytes(saver)
    for step in range(1, 101):
        chain.put({"step": step})
    per_checkpoint = (_file_bytes(saver) - start) / 100
    assert per_checkpoint < 2_000, f"{per_checkpoint:.0f} bytes per checkpoint"
    latest = saver.get_tuple(config("t"))
    assert latest is not None
    assert latest.checkpoint["channel_values"] == {"doc": doc, "notes": ["n"] * 50, "step": 100}
    assert scalar(saver, "SELECT count(*) FROM signoff_blobs WHERE channel = 'doc'") == 1


def test_versions_are_unique_so_forks_never_share_a_value(saver: SqliteSaver) -> None:
    v1 = saver.get_next_version(None, "x")
    assert saver.get_next_version(v1, "x") != saver.get_next_version(v1, "x")
    assert isinstance(v1, str) and v1 < str(saver.get_next_version(v1, "x"))


# --- prune ---------------------------------------------------------------------------------------


def _history(saver: SqliteSaver, thread: str, ns: str = "") -> list[str]:
    return [t.config["configurable"]["checkpoint_id"] for t in saver.list(config(thread, ns=ns))]


def test_prune_keeps_the_newest_and_cuts_the_parent_link(saver: SqliteSaver) -> None:
    chain = Chain(saver, "t")
    chain.put({"doc": "big" * 1000, "i": 0})
    for i in range(1, 20):
        chain.put({"i": i})
    other = Chain(saver, "other")
    other.put({"i": 0})
    other.put({"i": 1})
    before = _history(saver, "t")
    blobs_before = scalar(saver, "SELECT count(*) FROM signoff_blobs WHERE thread_id = 't'")

    assert saver.prune("t", keep_last=5) == 15

    assert _history(saver, "t") == before[:5]
    oldest = saver.get_tuple(config("t", before[4]))
    assert oldest is not None and oldest.parent_config is None
    middle = saver.get_tuple(config("t", before[2]))
    assert middle is not None and middle.parent_config == config("t", before[3])
    latest = saver.get_tuple(config("t"))
    assert latest is not None
    assert latest.checkpoint["channel_values"] == {"doc": "big" * 1000, "i": 19}
    blobs_after = scalar(saver, "SELECT count(*) FROM signoff_blobs WHERE thread_id = 't'")
    assert (blobs_before, blobs_after) == (21, 6)  # doc + 20 values of i -> doc + the 5 kept
    assert len(_history(saver, "other")) == 2
    chain.put({"i": 20})
    assert saver.get_tuple(config("t")).checkpoint["channel_values"]["i"] == 20  # type: ignore[union-attr]  # just put
    assert saver.prune("t", keep_last=10) == 0


def _pause(saver: SqliteSaver, at: RunnableConfig) -> InterruptRecord:
    rec = interrupt_record(at, "task-1")
    saver.put_interrupts(at, "task-1", [rec])
    return rec


def _answer(rec: InterruptRecord, value: Any) -> AnswerRecord:
    return AnswerRecord(
        rec.thread_id, rec.checkpoint_ns, rec.checkpoint_id, rec.task_id, rec.interrupt_id, value
    )


def test_prune_never_breaks_a_pending_interrupt_and_keeps_answers(saver: SqliteSaver) -> None:
    chain = Chain(saver, "t")
    for i in range(4):
        chain.put({"i": i})
    first = _pause(saver, chain.head)
    saver.put_answers(chain.head, [_answer(first, "yes")])
    chain.put({"i": 4})
    pending = _pause(saver, chain.head)

    saver.prune("t", keep_last=1)

    assert len(_history(saver, "t")) == 1
    assert saver.pending_interrupts(thread_id="t") == [pending]
    assert [a.value for a in saver.answers("t")] == ["yes"]
    saver.put_answers(chain.head, [_answer(pending, "no")])
    assert [a.value for a in saver.answers("t")] == ["yes", "no"]


def test_prune_drops_subgraph_checkpoints_whose_parent_graph_checkpoint_is_gone(
    saver: SqliteSaver,
) -> None:
    root = Chain(saver, "t")
    subs = []
    for i in range(6):
        at = root.put({"i": i})
        sub = Chain(saver, "t", ns=f"child:{i}")
        parents = {"": at["configurable"]["checkpoint_id"]}
        sub.put({"s": i}, CheckpointMetadata(source="loop", step=0, parents=parents))
        subs.append(sub)

    saver.prune("t", keep_last=2)

    kept_ns = [ns for ns in (f"child:{i}" for i in range(6)) if _history(saver, "t", ns)]
    assert kept_ns == ["child:4", "child:5"]
    assert len(_history(saver, "t")) == 2


def test_prune_needs_at_least_one_checkpoint_kept(saver: SqliteSaver) -> None:
    Chain(saver, "t").put({"a": 1})
    with pytest.raises(ValueError, match=r"keep_last must be at least 1.*'t'"):
        saver.prune("t", keep_last=0)


# --- corrupt rows --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE signoff_checkpoints SET checkpoint = substr(checkpoint, 1, 3) WHERE thread_id = 'bad'",
        "UPDATE signoff_checkpoints SET channel_versions = '{\"a\": ' WHERE thread_id = 'bad'",
        "UPDATE signoff_blobs SET blob = substr(blob, 1, 2) WHERE thread_id = 'bad'",
        "UPDATE signoff_writes SET blob = x'c1' WHERE thread_id = 'bad'",
        "UPDATE signoff_blobs SET type = 'pickle' WHERE thread_id = 'bad'",
    ],
    ids=["truncated-checkpoint", "broken-versions", "truncated-value", "bad-write", "pickle-type"],
)
def test_a_corrupt_row_names_thread_and_checkpoint_and_spares_other_threads(
    saver: SqliteSaver, damage: str
) -> None:
    for thread in ("bad", "good"):
        at = Chain(saver, thread).put({"a": "some value", "b": [1, 2, 3]})
        saver.put_writes(at, [("a", "next")], "task")
    bad_id = saver.get_tuple(config("bad")).config["configurable"]["checkpoint_id"]  # type: ignore[union-attr]  # just put
    saver.conn.execute(damage)

    with pytest.raises(CorruptCheckpointError, match=f"checkpoint {bad_id} of thread 'bad'"):
        saver.get_tuple(config("bad"))
    with pytest.raises(CorruptCheckpointError, match="thread 'bad'"):
        list(saver.list(config("bad")))
    good = saver.get_tuple(config("good"))
    assert good is not None and good.checkpoint["channel_values"]["a"] == "some value"
    assert {t.thread_id for t in saver.list_threads()} == {"bad", "good"}


# --- sharing ---------------------------------------------------------------------------------------


def test_threads_share_one_saver(saver: SqliteSaver) -> None:
    def work(n: int) -> None:
        chain = Chain(saver, f"t{n}")
        for i in range(15):
            chain.put({"i": i})
            saver.put_writes(chain.head, [("i", i)], "task")

    workers = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    for n in range(8):
        assert len(_history(saver, f"t{n}")) == 15
        assert saver.get_tuple(config(f"t{n}")).checkpoint["channel_values"] == {"i": 14}  # type: ignore[union-attr]  # stored above


async def test_async_saver_from_conn_string(db: str) -> None:
    async with AsyncSqliteSaver.from_conn_string(db) as s:
        at = await s.aput(config("t"), empty_checkpoint(), {"source": "input", "step": -1}, {})
        assert (await s.aget_tuple(at)) is not None
    with SqliteSaver.from_conn_string(db) as again:
        assert again.get_tuple(config("t")) is not None


# --- a connection the caller opened ------------------------------------------------------------------


def test_a_plain_sqlite3_connection_is_configured_and_used(db: str) -> None:
    conn = sqlite3.connect(db)  # default isolation level, same-thread check on
    try:
        s = SqliteSaver(conn)
        at = Chain(s, "t").put({"a": [1, 2]})
        s.put_writes(at, [("a", [3])], "task")
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert not conn.in_transaction  # every saver call commits or rolls back its own
        with SqliteSaver.from_conn_string(db) as other:  # another connection sees it all
            found = other.get_tuple(config("t"))
            assert found is not None
            assert found.checkpoint["channel_values"] == {"a": [1, 2]}
            assert found.pending_writes == [("task", "a", [3])]
    finally:
        conn.close()


async def test_async_saver_on_a_connection_the_caller_opened(db: str) -> None:
    conn = sqlite3.connect(db, check_same_thread=False)
    try:
        s = AsyncSqliteSaver(conn)
        await s.setup()
        at = await s.aput(config("t"), empty_checkpoint(), {"source": "input", "step": -1}, {})
        await s.aput_writes(at, [("a", 1)], "task")
        found = await s.aget_tuple(config("t"))
        assert found is not None and found.pending_writes == [("task", "a", 1)]
    finally:
        conn.close()


# --- forward migrations --------------------------------------------------------------------------


def _write_a_version_1_database(path: str, source: SqliteSaver) -> None:
    """Copy `source`'s rows into a new file that has exactly the version 1 schema, as a signoff of
    that version left it (only pending interrupts were kept; one without a time had a NULL order
    key)."""
    from signoff.checkpoint.sqlite import _schema

    old = sqlite3.connect(path)
    old.execute(_schema.CREATE_VERSION_TABLE)
    for statement in _schema.MIGRATIONS[0]:
        old.execute(statement)
    old.execute(_schema.STAMP_SQL, (1,))
    old.commit()
    source.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    old.execute("ATTACH DATABASE ? AS src", (database_path(source.conn),))
    v1_interrupt_columns = [
        r[1] for r in old.execute("PRAGMA main.table_info(signoff_interrupts)").fetchall()
    ]
    for table in TABLES:
        columns = [r[1] for r in old.execute(f"PRAGMA main.table_info({table})").fetchall()]
        names = ", ".join(columns)
        where = " WHERE answered_at IS NULL" if table == "signoff_interrupts" else ""  # v1 kept
        old.execute(f"INSERT INTO main.{table} ({names}) SELECT {names} FROM src.{table}{where}")
    old.execute("UPDATE main.signoff_interrupts SET created_key = NULL WHERE created_at IS NULL")
    old.commit()
    old.execute("DETACH DATABASE src")
    assert "answered_at" not in v1_interrupt_columns
    old.close()


def test_a_version_1_database_is_migrated_forward_and_keeps_its_data(tmp_path: Path) -> None:
    with SqliteSaver.from_conn_string(str(tmp_path / "now.db")) as now:
        chain = Chain(now, "t")
        chain.put({"doc": "kept", "i": 0})
        at = chain.put({"i": 1})
        untimed = replace(interrupt_record(at, "task", value="first?"), created_at=None)
        timed = interrupt_record(at, "task", index=1, value="second?")
        now.put_interrupts(at, "task", [untimed, timed])
        other = Chain(now, "done").put({"i": 9})
        done = interrupt_record(other, "task", value="done?")
        now.put_interrupts(other, "task", [done])
        now.put_answers(other, [_answer(done, "yes")])
        old_path = str(tmp_path / "v1.db")
        _write_a_version_1_database(old_path, now)

    with SqliteSaver.from_conn_string(old_path) as migrated:
        versions = migrated.conn.execute("SELECT version FROM signoff_schema_version").fetchall()
        assert versions == [(v,) for v in range(1, LATEST_VERSION + 1)]
        found = migrated.get_tuple(config("t"))
        assert found is not None and found.checkpoint["channel_values"] == {"doc": "kept", "i": 1}
        assert migrated.pending_interrupts() == [untimed, timed]  # no time first
        assert migrated.pending_interrupts(cursor=untimed.interrupt_id) == [timed]
        assert [a.value for a in migrated.answers("done")] == ["yes"]
        migrated.put_answers(at, [_answer(untimed, "ok")])
        assert migrated.pending_interrupts() == [timed]
        assert migrated.pending_interrupts(cursor=untimed.interrupt_id) == [timed]


# --- atomic writes -------------------------------------------------------------------------------


def _fail_on(saver: SqliteSaver, table: str, when: str = "1") -> None:
    saver.conn.execute(
        f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} WHEN {when} "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )


def test_an_answer_whose_last_statement_fails_leaves_no_trace(saver: SqliteSaver) -> None:
    chain = Chain(saver, "t")
    at = chain.put({"i": 0})
    rec = _pause(saver, at)
    _fail_on(saver, "signoff_writes", "NEW.channel = '__resume__'")  # the last of its statements
    with pytest.raises(sqlite3.IntegrityError, match="disk trouble"):
        saver.put_answers(at, [_answer(rec, "yes")])
    assert saver.pending_interrupts(thread_id="t") == [rec]
    assert saver.answers("t") == []
    saver.conn.execute("DROP TRIGGER fail_signoff_writes")
    saver.put_answers(at, [_answer(rec, "yes")])  # still answerable, exactly once
    found = saver.get_tuple(at)
    assert found is not None and found.pending_writes is not None
    assert found.pending_writes[-1] == ("task-1", "__resume__", {rec.interrupt_id: "yes"})


def test_an_interrupt_that_cannot_be_indexed_is_not_written_either(saver: SqliteSaver) -> None:
    at = Chain(saver, "t").put({"i": 0})
    _fail_on(saver, "signoff_interrupts")
    with pytest.raises(sqlite3.IntegrityError):
        saver.put_interrupts(at, "task-1", [interrupt_record(at, "task-1")])
    found = saver.get_tuple(at)
    assert found is not None and found.pending_writes == []


def test_a_checkpoint_whose_thread_row_fails_is_not_stored(saver: SqliteSaver) -> None:
    chain = Chain(saver, "t")
    first = chain.put({"i": 0, "doc": "x"})
    _fail_on(saver, "signoff_threads")
    saver.conn.execute(
        "CREATE TRIGGER fail_thread_update BEFORE UPDATE ON signoff_threads "
        "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    with pytest.raises(sqlite3.IntegrityError):
        chain.put({"i": 1, "doc": "y"})
    assert [t.config for t in saver.list(config("t"))] == [first]
    assert scalar(saver, "SELECT count(*) FROM signoff_blobs WHERE channel = 'doc'") == 1


def test_writes_of_one_call_are_stored_together(saver: SqliteSaver) -> None:
    at = Chain(saver, "t").put({"i": 0})
    _fail_on(saver, "signoff_writes", "NEW.channel = 'b'")
    with pytest.raises(sqlite3.IntegrityError):
        saver.put_writes(at, [("a", 1), ("b", 2)], "task")
    found = saver.get_tuple(at)
    assert found is not None and found.pending_writes == []


def test_the_inbox_reads_only_pending_interrupts(saver: SqliteSaver) -> None:
    """Answered interrupts stay as rows (for cursors) but inbox queries never read them."""
    for n in range(40):
        at = Chain(saver, f"done-{n}").put({"i": n})
        rec = _pause(saver, at)
        saver.put_answers(at, [_answer(rec, "ok")])
    waiting = _pause(saver, Chain(saver, "waiting").put({"i": 0}))
    seen = statements_during(
        saver,
        lambda: (
            saver.pending_interrupts(limit=10),
            saver.pending_interrupts(graph="g", node="n", cursor=waiting.interrupt_id),
        ),
    )
    inbox = [s for s in seen if s.startswith("SELECT thread_id, interrupt_id")]
    assert len(inbox) == 2
    for sql in inbox:
        plan = " | ".join(r[3] for r in saver.conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING INDEX signoff_interrupts_pending" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    assert saver.pending_interrupts() == [waiting]
