"""PostgresSaver against the real PostgreSQL: schema, delta storage, listing, interrupts, pruning."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import psycopg
import pytest
from postgres_support import (
    CountingConnection,
    pg_url,
    put_chain,
    record,
    require_postgres,
    saver,
)
from psycopg_pool import ConnectionPool

from signoff.checkpoint.base import AnswerRecord, CheckpointMetadata, empty_checkpoint
from signoff.checkpoint.postgres import PostgresSaver
from signoff.checkpoint.postgres._schema import LATEST_VERSION
from signoff.errors import (
    CorruptCheckpointError,
    InterruptAlreadyAnsweredError,
    SchemaVersionError,
)

__all__ = ["pg_url", "saver"]  # fixtures


def answer(rec: Any, value: Any, by: str | None = None) -> AnswerRecord:
    return AnswerRecord(
        thread_id=rec.thread_id,
        checkpoint_ns=rec.checkpoint_ns,
        checkpoint_id=rec.checkpoint_id,
        task_id=rec.task_id,
        interrupt_id=rec.interrupt_id,
        value=value,
        answered_by=by,
    )


def count(saver: PostgresSaver, sql: str) -> int:
    conn: Any = saver.conn
    return int(conn.execute(sql).fetchone()[0])


# --- schema and connecting ---------------------------------------------------------------------


def test_setup_is_idempotent_and_stamps_the_version(saver: PostgresSaver) -> None:
    saver.setup()
    saver.setup()
    assert count(saver, "SELECT count(*) FROM signoff_schema_version") == LATEST_VERSION
    assert count(saver, "SELECT max(version) FROM signoff_schema_version") == LATEST_VERSION


def test_setup_refuses_a_newer_schema_and_writes_nothing(saver: PostgresSaver) -> None:
    conn: Any = saver.conn
    conn.execute("INSERT INTO signoff_schema_version (version) VALUES (99)")
    with pytest.raises(SchemaVersionError, match="version 99, newer than this signoff"):
        saver.setup()
    assert count(saver, "SELECT count(*) FROM signoff_schema_version") == LATEST_VERSION + 1


def test_a_saver_without_setup_refuses_tables_it_does_not_know(saver: PostgresSaver) -> None:
    conn: Any = saver.conn
    conn.execute("INSERT INTO signoff_schema_version (version) VALUES (99)")
    fresh = PostgresSaver(conn)  # setup() not called: the first operation checks
    with pytest.raises(SchemaVersionError, match="version 99, newer than this signoff"):
        fresh.get_tuple({"configurable": {"thread_id": "t"}})
    rows = count(saver, "SELECT count(*) FROM signoff_checkpoints")
    with pytest.raises(SchemaVersionError):
        fresh.put_writes({"configurable": {"thread_id": "t", "checkpoint_id": "x"}}, [], "t1")
    assert count(saver, "SELECT count(*) FROM signoff_checkpoints") == rows


def test_a_saver_on_a_database_without_tables_says_to_call_setup(pg_url: str) -> None:
    with PostgresSaver.from_conn_string(pg_url) as bare:  # a new, empty schema
        with pytest.raises(SchemaVersionError, match=r"no signoff tables.*setup\(\)") as info:
            bare.get_tuple({"configurable": {"thread_id": "t"}})
        assert "\n" not in str(info.value)
        bare.setup()
        assert bare.get_tuple({"configurable": {"thread_id": "t"}}) is None


def test_unreachable_server_is_a_one_line_error_without_the_password() -> None:
    url = "postgresql://postgres:s3cret@127.0.0.1:1/test?connect_timeout=2"
    with pytest.raises(ConnectionError) as info, PostgresSaver.from_conn_string(url):
        pass
    message = str(info.value)
    assert "\n" not in message
    assert "postgresql://postgres:***@127.0.0.1:1/test" in message
    assert "s3cret" not in message
    assert "check the URL" in message


# --- checkpoints -------------------------------------------------------------------------------


def test_latest_checkpoint_by_id_and_parent(saver: PostgresSaver) -> None:
    first, second = put_chain(saver, "t", [{"a": 1, "b": "x"}, {"a": 2}])
    latest = saver.get_tuple({"configurable": {"thread_id": "t"}})
    assert latest is not None
    assert latest.config == second
    assert latest.checkpoint["channel_values"] == {"a": 2, "b": "x"}
    assert latest.parent_config == first
    assert latest.metadata == {"source": "loop", "step": 1}
    old = saver.get_tuple(first)
    assert old is not None and old.checkpoint["channel_values"] == {"a": 1, "b": "x"}
    assert old.parent_config is None
    assert saver.get_tuple({"configurable": {"thread_id": "nope"}}) is None


def test_a_big_value_is_stored_once_while_small_ones_change(saver: PostgresSaver) -> None:
    doc = "x" * 240_000
    put_chain(saver, "t", [{"doc": doc, "n": 0}] + [{"n": i} for i in range(1, 30)])
    assert count(saver, "SELECT count(*) FROM signoff_blobs WHERE channel = 'doc'") == 1
    assert count(saver, "SELECT count(*) FROM signoff_blobs WHERE channel = 'n'") == 30
    stored = count(
        saver,
        "SELECT sum(octet_length(checkpoint) + octet_length(metadata)) FROM signoff_checkpoints",
    )
    assert stored < 30 * 2_000
    latest = saver.get_tuple({"configurable": {"thread_id": "t"}})
    assert latest is not None and latest.checkpoint["channel_values"] == {"doc": doc, "n": 29}


def test_versions_sort_by_counter_and_never_repeat(saver: PostgresSaver) -> None:
    v1 = saver.get_next_version(None, "c")
    v2a, v2b = saver.get_next_version(v1, "c"), saver.get_next_version(v1, "c")
    assert isinstance(v1, str) and v1 < v2a and v1 < v2b
    assert v2a != v2b
    assert saver.get_next_version(7, "c") > saver.get_next_version(6, "c")


def test_a_fork_from_a_pruned_checkpoint_stores_the_values_it_carries(
    saver: PostgresSaver,
) -> None:
    first, *_ = put_chain(saver, "t", [{"a": 1}, {"a": 2}, {"a": 3}])
    old = saver.get_tuple(first)
    assert old is not None
    assert saver.prune("t", keep_last=1) == 2
    checkpoint = {**empty_checkpoint(), "channel_values": {"a": 1}}
    checkpoint["channel_versions"] = old.checkpoint["channel_versions"]
    forked = saver.put(first, checkpoint, CheckpointMetadata(source="fork", step=3), {})
    found = saver.get_tuple(forked)
    assert found is not None and found.checkpoint["channel_values"] == {"a": 1}


def test_a_value_without_a_version_is_refused(saver: PostgresSaver) -> None:
    checkpoint = {**empty_checkpoint(), "channel_values": {"a": 1}}
    with pytest.raises(ValueError, match="channel 'a' but no version"):
        saver.put({"configurable": {"thread_id": "t"}}, checkpoint, {}, {})


# --- listing -----------------------------------------------------------------------------------


def test_list_pages_filters_and_limits(saver: PostgresSaver) -> None:
    configs = put_chain(saver, "t", [{"n": i} for i in range(250)])
    put_chain(saver, "other", [{"n": 0}])
    newest_first = [c["configurable"]["checkpoint_id"] for c in reversed(configs)]
    thread = {"configurable": {"thread_id": "t"}}

    def ids(**kwargs: Any) -> list[str]:
        found = saver.list(kwargs.pop("config", thread), **kwargs)
        return [t.config["configurable"]["checkpoint_id"] for t in found]

    assert ids() == newest_first
    assert ids(limit=120) == newest_first[:120]
    assert ids(before=configs[200], limit=3) == newest_first[50:53]
    assert ids(filter={"step": 7}) == [configs[7]["configurable"]["checkpoint_id"]]
    assert ids(filter={"source": "loop", "step": 300}) == []
    assert len(ids(config=None)) == 251
    assert ids(limit=0) == []


def test_list_filters_on_values_json_cannot_compare(saver: PostgresSaver) -> None:
    head = {"configurable": {"thread_id": "t", "checkpoint_ns": ""}}
    for i, tags in enumerate([("a",), ("b",), ("a",)]):
        checkpoint = empty_checkpoint()
        head = saver.put(head, checkpoint, {"step": i, "tags": tags, "flag": i == 1}, {})  # type: ignore[typeddict-unknown-key]  # extra metadata keys are allowed
    found = list(saver.list({"configurable": {"thread_id": "t"}}, filter={"tags": ("a",)}))
    assert [t.metadata["step"] for t in found] == [2, 0]
    found = list(saver.list(None, filter={"flag": True, "step": 1}, limit=1))
    assert [t.metadata["step"] for t in found] == [1]


def test_list_and_get_cost_a_fixed_number_of_queries(pg_url: str) -> None:
    with CountingConnection.open(pg_url) as conn:
        saver = PostgresSaver(conn)
        saver.setup()
        configs = put_chain(saver, "t", [{"n": i, f"k{i}": i} for i in range(30)])
        for c in configs:
            saver.put_writes(c, [("n", 1), ("x", 2)], "task")
        conn.statements.clear()
        assert len(list(saver.list({"configurable": {"thread_id": "t"}}))) == 30
        assert len(conn.statements) == 1
        conn.statements.clear()
        saver.get_tuple({"configurable": {"thread_id": "t"}})
        assert len(conn.statements) == 1
        put_chain(saver, "u", [{"n": i} for i in range(230)])
        conn.statements.clear()
        assert len(list(saver.list({"configurable": {"thread_id": "u"}}))) == 230
        assert len(conn.statements) == 3  # pages of 100


# --- pending writes ------------------------------------------------------------------------------


def test_special_writes_replace_and_others_are_kept(saver: PostgresSaver) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    saver.put_writes(head, [("a", 1), ("__error__", "first")], "task1")
    saver.put_writes(head, [("a", 99), ("__error__", "second")], "task1")
    saver.put_writes(head, [("b", 2)], "task2")
    found = saver.get_tuple(head)
    assert found is not None
    assert found.pending_writes == [
        ("task1", "a", 1),
        ("task1", "__error__", "second"),
        ("task2", "b", 2),
    ]


def test_writes_need_a_stored_checkpoint(saver: PostgresSaver) -> None:
    missing = {"configurable": {"thread_id": "t", "checkpoint_ns": "", "checkpoint_id": "nope"}}
    with pytest.raises(ValueError, match="has no checkpoint 'nope'"):
        saver.put_writes(missing, [("a", 1)], "task")


# --- interrupts and answers ----------------------------------------------------------------------


def test_pending_interrupts_filter_and_paginate(saver: PostgresSaver) -> None:
    t0 = datetime(2030, 1, 1, tzinfo=timezone.utc)
    for n, thread in enumerate(["t1", "t2", "t3"]):
        (head,) = put_chain(saver, thread, [{"a": n}])
        recs = [
            record(head, f"{thread}-i{k}", graph="g" if n < 2 else "h", node=f"n{k}", index=k)
            for k in range(2)
        ]
        recs = [
            replace(r, created_at=t0 + timedelta(minutes=n * 10 + k)) for k, r in enumerate(recs)
        ]
        saver.put_interrupts(head, "task", recs)
    every = [r.interrupt_id for r in saver.pending_interrupts()]
    assert every == ["t1-i0", "t1-i1", "t2-i0", "t2-i1", "t3-i0", "t3-i1"]
    assert [r.interrupt_id for r in saver.pending_interrupts(graph="h")] == ["t3-i0", "t3-i1"]
    assert [r.interrupt_id for r in saver.pending_interrupts(node="n1", graph="g")] == [
        "t1-i1",
        "t2-i1",
    ]
    assert [r.interrupt_id for r in saver.pending_interrupts(thread_id="t2")] == ["t2-i0", "t2-i1"]
    page = saver.pending_interrupts(limit=4, cursor="t1-i0")
    assert [r.interrupt_id for r in page] == ["t1-i1", "t2-i0", "t2-i1", "t3-i0"]
    t2 = saver.pending_interrupts(thread_id="t2")
    saver.put_answers(
        saver.list({"configurable": {"thread_id": "t2"}}).__next__().config, [answer(t2[0], "yes")]
    )
    page = saver.pending_interrupts(cursor="t2-i0")  # answered since: the page still continues
    assert [r.interrupt_id for r in page] == ["t2-i1", "t3-i0", "t3-i1"]
    assert page[0].created_at == t0 + timedelta(minutes=11)
    assert page[0].graph == "g" and page[0].index == 1


def test_interrupt_record_round_trips(saver: PostgresSaver) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    deadline = datetime(2031, 5, 1, tzinfo=timezone.utc)
    rec = record(
        head,
        "i1",
        value={"question": "Ship it?", "items": [1, 2]},
        response_schema={"type": "boolean"},
        fingerprint="dict:question,items",
        deadline=deadline,
        default=False,
        created_at=deadline - timedelta(days=1),
    )
    saver.put_interrupts(head, "task", [rec])
    (found,) = saver.pending_interrupts()
    assert found == rec
    assert found.has_default and found.default is False
    tup = saver.get_tuple(head)
    assert tup is not None and tup.pending_writes is not None
    ((task, channel, interrupts),) = tup.pending_writes
    assert (task, channel) == ("task", "__interrupt__")
    assert interrupts[0].id == "i1" and interrupts[0].value == rec.value


def test_answers_are_all_or_nothing_and_recorded(saver: PostgresSaver) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    i1, i2 = record(head, "i1"), record(head, "i2", index=1)
    saver.put_interrupts(head, "task", [i1, i2])
    ghost = replace(i2, interrupt_id="ghost")
    with pytest.raises(InterruptAlreadyAnsweredError, match="interrupt ghost of thread 't'"):
        saver.put_answers(head, [answer(i1, "yes"), answer(ghost, "no")])
    assert [r.interrupt_id for r in saver.pending_interrupts()] == ["i1", "i2"]
    assert saver.answers("t") == []
    saver.put_answers(head, [answer(i1, "yes", by="ana")])
    with pytest.raises(InterruptAlreadyAnsweredError) as info:
        saver.put_answers(head, [answer(i1, "again")])
    assert info.value.interrupt_id == "i1" and info.value.thread_id == "t"
    (given,) = saver.answers("t")
    assert (given.interrupt_id, given.value, given.answered_by) == ("i1", "yes", "ana")
    assert given.answered_at is not None
    tup = saver.get_tuple(head)
    assert tup is not None and tup.pending_writes is not None
    assert tup.pending_writes[-1] == ("task", "__resume__", {"i1": "yes"})
    saver.put_interrupts(head, "task", [i1, i2])  # the node re-ran: i1 stays answered
    assert [r.interrupt_id for r in saver.pending_interrupts()] == ["i2"]


def test_a_new_root_checkpoint_drops_the_threads_pending_interrupts(saver: PostgresSaver) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    saver.put_interrupts(head, "task", [record(head, "i1")])
    put_chain(saver, "t", [{"s": 1}], ns="sub:1")
    assert len(saver.pending_interrupts(thread_id="t")) == 1
    saver.put(head, empty_checkpoint(), CheckpointMetadata(source="loop", step=1), {})
    assert saver.pending_interrupts(thread_id="t") == []
    with pytest.raises(InterruptAlreadyAnsweredError):
        saver.put_answers(head, [answer(record(head, "i1"), "late")])


# --- threads -------------------------------------------------------------------------------------


def test_delete_thread_forgets_only_that_thread(saver: PostgresSaver) -> None:
    for thread in ("t", "keep"):
        (head,) = put_chain(saver, thread, [{"a": 1}])
        saver.put_writes(head, [("a", 2)], "task")
        saver.put_interrupts(head, "task", [record(head, f"{thread}-i")])
    saver.put_answers(head, [answer(record(head, "keep-i"), 1)])
    saver.delete_thread("t")
    assert saver.get_tuple({"configurable": {"thread_id": "t"}}) is None
    assert [r.thread_id for r in saver.pending_interrupts()] == []
    assert [t.thread_id for t in saver.list_threads()] == ["keep"]
    assert len(saver.answers("keep")) == 1
    for table in ("blobs", "writes", "interrupts", "answers", "threads", "checkpoints"):
        assert count(saver, f"SELECT count(*) FROM signoff_{table} WHERE thread_id = 't'") == 0


def test_list_threads_reports_status_newest_first(saver: PostgresSaver) -> None:
    (idle,) = put_chain(saver, "idle", [{"a": 1}])
    (failed,) = put_chain(saver, "failed", [{"a": 1}])
    saver.put_writes(failed, [("__error__", "boom")], "task")
    (asking,) = put_chain(saver, "asking", [{"a": 1}])
    saver.put_interrupts(asking, "task", [record(asking, "i")])
    infos = saver.list_threads()
    assert [(i.thread_id, i.status) for i in infos] == [
        ("asking", "interrupted"),
        ("failed", "error"),
        ("idle", "idle"),
    ]
    assert infos[2].checkpoint_id == idle["configurable"]["checkpoint_id"]
    assert infos[2].metadata == {"source": "loop", "step": 0}
    assert infos[2].updated_at is not None
    assert [i.thread_id for i in saver.list_threads("error")] == ["failed"]


def test_prune_keeps_what_is_still_needed(saver: PostgresSaver) -> None:
    configs = put_chain(saver, "t", [{"big": "x" * 1000, "n": 0}] + [{"n": i} for i in range(1, 8)])
    saver.put_interrupts(configs[2], "task", [record(configs[2], "old-i")])
    saver.put_answers(configs[2], [answer(record(configs[2], "old-i"), "ok")])
    saver.put_interrupts(configs[7], "task", [record(configs[7], "i")])
    parent = {"": configs[1]["configurable"]["checkpoint_id"]}
    (sub,) = put_chain(saver, "t", [{"s": 1}], ns="sub:1")
    conn: Any = saver.conn
    conn.execute(
        "UPDATE signoff_checkpoints SET metadata_json = %s::jsonb WHERE checkpoint_ns = 'sub:1'",
        (f'{{"parents": {{"": "{parent[""]}"}}}}',),
    )
    assert saver.prune("t", keep_last=3) == 6  # 5 root checkpoints and the orphaned subgraph one
    kept = [t.config for t in saver.list({"configurable": {"thread_id": "t"}})]
    assert kept == list(reversed(configs[5:]))
    oldest = saver.get_tuple(configs[5])
    assert oldest is not None and oldest.parent_config is None
    assert oldest.checkpoint["channel_values"] == {"big": "x" * 1000, "n": 5}
    assert saver.get_tuple(sub) is None
    assert count(saver, "SELECT count(*) FROM signoff_blobs WHERE channel = 'n'") == 3
    assert len(saver.answers("t")) == 1
    assert [r.interrupt_id for r in saver.pending_interrupts()] == ["i"]
    with pytest.raises(ValueError, match=r"keep_last must be at least 1.*'t'"):
        saver.prune("t", keep_last=0)


# --- corruption and connections -------------------------------------------------------------------


def test_a_corrupt_row_names_thread_and_checkpoint(saver: PostgresSaver) -> None:
    (bad,) = put_chain(saver, "bad", [{"a": 1}])
    put_chain(saver, "good", [{"a": 1}])
    conn: Any = saver.conn
    conn.execute("UPDATE signoff_blobs SET blob = '\\xc1ff' WHERE thread_id = 'bad'")
    bad_id = bad["configurable"]["checkpoint_id"]
    with pytest.raises(CorruptCheckpointError, match=f"thread 'bad', checkpoint '{bad_id}'"):
        saver.get_tuple({"configurable": {"thread_id": "bad"}})
    conn.execute("UPDATE signoff_checkpoints SET checkpoint = '\\x00' WHERE thread_id = 'bad'")
    with pytest.raises(CorruptCheckpointError, match="thread 'bad'"):
        list(saver.list({"configurable": {"thread_id": "bad"}}))
    assert saver.get_tuple({"configurable": {"thread_id": "good"}}) is not None


def test_a_pool_without_autocommit_works(pg_url: str) -> None:
    require_postgres()
    pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(pg_url, min_size=1, open=False)
    pool.open(wait=True)
    with pool:
        saver = PostgresSaver(pool)
        saver.setup()
        (head,) = put_chain(saver, "t", [{"a": 1}])
        saver.put_interrupts(head, "task", [record(head, "i")])
        saver.put_answers(head, [answer(record(head, "i"), True)])
        found = saver.get_tuple(head)
        assert found is not None and found.pending_writes is not None
        assert found.pending_writes[-1] == ("task", "__resume__", {"i": True})
        assert saver.pending_interrupts() == []


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE signoff_blobs SET blob = substring(blob from 1 for 3) WHERE thread_id = 'bad'",
        "UPDATE signoff_checkpoints SET checkpoint = substring(checkpoint from 1 for 2) "
        "WHERE thread_id = 'bad'",
        "UPDATE signoff_writes SET blob = substring(blob from 1 for 1) WHERE thread_id = 'bad'",
        "UPDATE signoff_checkpoints SET metadata_type = 'pickle' WHERE thread_id = 'bad'",
    ],
    ids=["truncated-value", "truncated-checkpoint", "truncated-write", "pickle-type"],
)
def test_a_truncated_row_names_thread_and_checkpoint_and_spares_others(
    saver: PostgresSaver, damage: str
) -> None:
    for thread in ("bad", "good"):
        (head,) = put_chain(saver, thread, [{"a": "some value " * 20, "b": [1, 2, 3]}])
        saver.put_writes(head, [("a", "next value " * 20)], "task")
        saver.put_interrupts(head, "task", [record(head, f"{thread}-i")])
    bad_id = saver.get_tuple({"configurable": {"thread_id": "bad"}}).config["configurable"][  # type: ignore[union-attr]  # just put
        "checkpoint_id"
    ]
    conn: Any = saver.conn
    conn.execute(damage)

    with pytest.raises(CorruptCheckpointError, match=f"thread 'bad', checkpoint '{bad_id}'"):
        saver.get_tuple({"configurable": {"thread_id": "bad"}})
    good = saver.get_tuple({"configurable": {"thread_id": "good"}})
    assert good is not None and good.checkpoint["channel_values"]["b"] == [1, 2, 3]
    assert [r.interrupt_id for r in saver.pending_interrupts(thread_id="good")] == ["good-i"]
    assert {t.thread_id for t in saver.list_threads()} >= {"good"}
    saver.put_answers(good.config, [answer(record(good.config, "good-i"), "fine")])


# --- atomic writes -------------------------------------------------------------------------------


def _fail_on(saver: PostgresSaver, table: str, when: str = "true") -> None:
    conn: Any = saver.conn
    conn.execute(
        "CREATE OR REPLACE FUNCTION signoff_test_fail() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'disk trouble'; END $$"
    )
    conn.execute(
        f"CREATE TRIGGER fail_{table} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
        f"WHEN ({when}) EXECUTE FUNCTION signoff_test_fail()"
    )


def test_an_answer_whose_last_statement_fails_leaves_no_trace(saver: PostgresSaver) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    rec = record(head, "i")
    saver.put_interrupts(head, "task", [rec])
    _fail_on(saver, "signoff_writes", "NEW.channel = '__resume__'")
    with pytest.raises(psycopg.errors.RaiseException, match="disk trouble"):
        saver.put_answers(head, [answer(rec, "yes")])
    assert [r.interrupt_id for r in saver.pending_interrupts()] == ["i"]
    assert saver.answers("t") == []
    conn: Any = saver.conn
    conn.execute("DROP TRIGGER fail_signoff_writes ON signoff_writes")
    saver.put_answers(head, [answer(rec, "yes")])
    found = saver.get_tuple(head)
    assert found is not None and found.pending_writes == [
        ("task", "__interrupt__", found.pending_writes[0][2]),
        ("task", "__resume__", {"i": "yes"}),
    ]


def test_an_interrupt_that_cannot_be_indexed_is_not_written_either(saver: PostgresSaver) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    _fail_on(saver, "signoff_interrupts")
    with pytest.raises(psycopg.errors.RaiseException):
        saver.put_interrupts(head, "task", [record(head, "i")])
    found = saver.get_tuple(head)
    assert found is not None and found.pending_writes == []


def test_a_checkpoint_whose_thread_row_fails_is_not_stored(saver: PostgresSaver) -> None:
    (first,) = put_chain(saver, "t", [{"a": 1, "doc": "x"}])
    _fail_on(saver, "signoff_threads")
    checkpoint = {**empty_checkpoint(), "channel_values": {"a": 2, "doc": "y"}}
    checkpoint["channel_versions"] = {"a": "2", "doc": "2"}
    with pytest.raises(psycopg.errors.RaiseException):
        saver.put(
            first, checkpoint, CheckpointMetadata(source="loop", step=1), {"a": "2", "doc": "2"}
        )  # type: ignore[arg-type]  # a plain dict checkpoint
    assert [t.config for t in saver.list({"configurable": {"thread_id": "t"}})] == [first]
    assert count(saver, "SELECT count(*) FROM signoff_blobs WHERE channel = 'doc'") == 1


def test_writes_of_one_call_are_stored_together(saver: PostgresSaver) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    _fail_on(saver, "signoff_writes", "NEW.channel = 'b'")
    with pytest.raises(psycopg.errors.RaiseException):
        saver.put_writes(head, [("a", 1), ("b", 2)], "task")
    found = saver.get_tuple(head)
    assert found is not None and found.pending_writes == []


# --- the async saver, on a pool and on a connection string -----------------------------------------


async def test_async_saver_on_a_pool_and_on_a_connection_string(pg_url: str) -> None:
    from psycopg_pool import AsyncConnectionPool

    from signoff.checkpoint.postgres.aio import AsyncPostgresSaver

    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(pg_url, min_size=1, open=False)
    await pool.open(wait=True)
    async with pool:
        s = AsyncPostgresSaver(pool)
        await s.setup()
        at = await s.aput(
            {"configurable": {"thread_id": "t"}}, empty_checkpoint(), {"source": "input"}, {}
        )
        rec = record(at, "i")
        await s.aput_interrupts(at, "task", [rec])
        await s.aput_answers(at, [answer(rec, "yes")])
    async with AsyncPostgresSaver.from_conn_string(pg_url) as again:
        await again.setup()
        assert [a.value for a in await again.aanswers("t")] == ["yes"]
        with pytest.raises(RuntimeError, match="would deadlock"):
            again.get_tuple(at)  # a sync call on the saver's own loop refuses instead of hanging
    url = "postgresql://postgres:s3cret@127.0.0.1:1/test?connect_timeout=2"
    with pytest.raises(ConnectionError, match=r"127\.0\.0\.1:1.*check the URL") as info:
        async with AsyncPostgresSaver.from_conn_string(url):
            pass
    assert "s3cret" not in str(info.value)


# --- the test suite itself -------------------------------------------------------------------------


def test_postgres_tests_fail_instead_of_skipping_when_ci_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import postgres_support

    monkeypatch.setattr(postgres_support, "PG_URL", "postgresql://postgres@127.0.0.1:1/test")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        postgres_support.require_postgres()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="not reachable"):
        postgres_support.require_postgres()
