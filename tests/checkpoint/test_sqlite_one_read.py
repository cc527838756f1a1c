"""`SqliteSaver.get_tuple` reads a checkpoint, its values and its pending writes with one indexed
statement (one snapshot, no BEGIN/COMMIT), and a claim is one guarded UPDATE."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from signoff.checkpoint.base import AnswerRecord
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.testing._support import Chain, config, interrupt_record


@pytest.fixture
def saver(tmp_path: Path) -> Iterator[SqliteSaver]:
    with SqliteSaver.from_conn_string(str(tmp_path / "threads.db")) as s:
        yield s


def traced(saver: SqliteSaver, call: Callable[[], object]) -> list[str]:
    seen: list[str] = []
    saver.conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        saver.conn.set_trace_callback(None)
    return seen


def test_the_latest_checkpoint_is_one_indexed_statement(saver: SqliteSaver) -> None:
    chain = Chain(saver, "t")
    at = chain.put({"i": 0, "doc": "d"})
    for i in range(1, 30):
        at = chain.put({"i": i})
    saver.put_writes(at, [("i", 99), ("doc", "x")], "task")
    found = []
    statements = traced(saver, lambda: found.append(saver.get_tuple(config("t"))))
    assert len(statements) == 1, statements
    (sql,) = statements
    plan = " | ".join(r[3] for r in saver.conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "SCAN signoff_" not in plan and "TEMP B-TREE" not in plan, plan
    (t,) = found
    assert t is not None and t.checkpoint["channel_values"] == {"i": 29, "doc": "d"}
    assert t.pending_writes == [("task", "i", 99), ("task", "doc", "x")]


def test_an_answer_claims_with_one_guarded_update(saver: SqliteSaver) -> None:
    at = Chain(saver, "t").put({"i": 0})
    rec = interrupt_record(at, "task", value="ok?")
    saver.put_interrupts(at, "task", [rec])
    answer = AnswerRecord(
        rec.thread_id, rec.checkpoint_ns, rec.checkpoint_id, rec.task_id, rec.interrupt_id, "yes"
    )
    statements = traced(saver, lambda: saver.put_answers(at, [answer]))
    assert not [s for s in statements if s.lstrip().upper().startswith("SELECT")], statements
    assert [s for s in statements if "answered_at IS NULL" in s and s.startswith("UPDATE")]
    assert saver.pending_interrupts() == []
