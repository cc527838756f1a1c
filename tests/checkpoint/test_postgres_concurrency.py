"""PostgresSaver under contention: processes and threads racing to answer, and to run setup().

To make each race real, the test first holds the row (or advisory) lock the racers need, starts
them, waits until PostgreSQL reports them all blocked on it, and only then lets go: every racer is
inside its transaction at the same moment.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from typing import Any

import psycopg
import pytest
from postgres_support import pg_url, put_chain, record, saver
from psycopg_pool import ConnectionPool

from signoff.checkpoint.base import AnswerRecord, InterruptRecord, RunnableConfig
from signoff.checkpoint.postgres import PostgresSaver
from signoff.checkpoint.postgres._schema import LATEST_VERSION
from signoff.errors import InterruptAlreadyAnsweredError

__all__ = ["pg_url", "saver"]  # fixtures

CHILD = """
import sys
from signoff.checkpoint.base import AnswerRecord
from signoff.checkpoint.postgres import PostgresSaver
from signoff.errors import InterruptAlreadyAnsweredError

url, thread_id, checkpoint_id, interrupt_id, name = sys.argv[1:]
config = {"configurable": {"thread_id": thread_id, "checkpoint_ns": "", "checkpoint_id": checkpoint_id}}
answer = AnswerRecord(thread_id=thread_id, checkpoint_ns="", checkpoint_id=checkpoint_id,
                      task_id="task", interrupt_id=interrupt_id, value=name, answered_by=name)
with PostgresSaver.from_conn_string(url) as saver:
    saver.pending_interrupts(thread_id=thread_id)
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        saver.put_answers(config, [answer])
    except InterruptAlreadyAnsweredError:
        print("lost", flush=True)
    else:
        print("won", flush=True)
"""


def answer(rec: InterruptRecord, value: Any) -> AnswerRecord:
    return AnswerRecord(
        thread_id=rec.thread_id,
        checkpoint_ns=rec.checkpoint_ns,
        checkpoint_id=rec.checkpoint_id,
        task_id=rec.task_id,
        interrupt_id=rec.interrupt_id,
        value=value,
        answered_by=str(value),
    )


def paused_thread(saver: PostgresSaver) -> tuple[RunnableConfig, InterruptRecord]:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    rec = record(head, "i1")
    saver.put_interrupts(head, "task", [rec])
    return head, rec


def wait_until_blocked(url: str, blocker: psycopg.Connection[Any], expected: int) -> None:
    """Wait (up to a minute) until `expected` sessions wait, directly or in the lock's queue
    behind another waiter, on a lock `blocker` holds."""
    sql = "SELECT pid, pg_blocking_pids(pid) FROM pg_stat_activity"
    waiting: set[int] = set()
    with psycopg.connect(url, autocommit=True) as watcher:
        for _ in range(600):
            blocked_by = dict(watcher.execute(sql).fetchall())
            waiting = {blocker.info.backend_pid}
            while grown := {p for p, by in blocked_by.items() if set(by) & waiting} - waiting:
                waiting |= grown
            if len(waiting) - 1 >= expected:
                return
            time.sleep(0.1)
    pytest.fail(f"only {len(waiting) - 1} of {expected} sessions ever waited on the lock")


def hold_interrupt_row(url: str, interrupt_id: str) -> psycopg.Connection[Any]:
    blocker = psycopg.connect(url)
    blocker.execute(
        "SELECT 1 FROM signoff_interrupts WHERE interrupt_id = %s FOR UPDATE", (interrupt_id,)
    )
    return blocker


def assert_one_answer(saver: PostgresSaver, winner: str) -> None:
    (given,) = saver.answers("t")
    assert given.value == winner
    assert saver.pending_interrupts() == []
    found = saver.get_tuple({"configurable": {"thread_id": "t"}})
    assert found is not None and found.pending_writes is not None
    assert [w for w in found.pending_writes if w[1] == "__resume__"] == [
        ("task", "__resume__", {"i1": winner})
    ]


def test_two_processes_answering_at_once_exactly_one_wins(
    saver: PostgresSaver, pg_url: str
) -> None:
    head, _ = paused_thread(saver)
    cid = head["configurable"]["checkpoint_id"]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, pg_url, "t", cid, "i1", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("alice", "bob")
    ]
    try:
        with hold_interrupt_row(pg_url, "i1") as blocker:
            for child in children:
                assert child.stdout is not None and child.stdout.readline().strip() == "ready"
            for child in children:
                assert child.stdin is not None
                child.stdin.write("go\n")
                child.stdin.flush()
            wait_until_blocked(pg_url, blocker, 2)
            blocker.rollback()
    except BaseException:
        for child in children:
            child.kill()
            child.communicate()
        raise
    results = {}
    for name, child in zip(("alice", "bob"), children, strict=True):
        out, _ = child.communicate(timeout=60)
        assert child.returncode == 0
        results[name] = out.strip()
    assert sorted(results.values()) == ["lost", "won"]
    assert_one_answer(saver, next(n for n, r in results.items() if r == "won"))


def race(saver: PostgresSaver, rec: InterruptRecord, head: RunnableConfig, n: int) -> list[str]:
    """`n` threads answer `rec` at once; returns the values whose answers were stored."""
    barrier = threading.Barrier(n)
    won: list[str] = []
    lost: list[str] = []

    def answer_as(i: int) -> None:
        barrier.wait()
        try:
            saver.put_answers(head, [answer(rec, f"answerer-{i}")])
        except InterruptAlreadyAnsweredError:
            lost.append(f"answerer-{i}")
        else:
            won.append(f"answerer-{i}")

    threads = [threading.Thread(target=answer_as, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(won) + len(lost) == n
    return won


def test_fifty_threads_on_a_pool_exactly_one_wins(saver: PostgresSaver, pg_url: str) -> None:
    head, rec = paused_thread(saver)
    pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
        pg_url, min_size=10, max_size=10, open=False, kwargs={"autocommit": True}
    )
    pool.open(wait=True)
    with pool, hold_interrupt_row(pg_url, "i1") as blocker:
        pooled = PostgresSaver(pool)
        result: list[list[str]] = []
        racer = threading.Thread(target=lambda: result.append(race(pooled, rec, head, 50)))
        racer.start()
        wait_until_blocked(pg_url, blocker, 10)
        blocker.rollback()
        racer.join(timeout=120)
    (won,) = result
    assert len(won) == 1
    assert_one_answer(saver, won[0])


def test_fifty_threads_sharing_one_connection_exactly_one_wins(saver: PostgresSaver) -> None:
    head, rec = paused_thread(saver)
    won = race(saver, rec, head, 50)
    assert len(won) == 1
    assert_one_answer(saver, won[0])


def test_setup_run_by_two_sessions_at_once(pg_url: str) -> None:
    schema = psycopg.conninfo.conninfo_to_dict(pg_url)["options"].split("=")[1]  # type: ignore[union-attr]  # the fixture always sets options
    errors: list[BaseException] = []

    def setup() -> None:
        try:
            with PostgresSaver.from_conn_string(pg_url) as s:
                s.setup()
        except BaseException as exc:
            errors.append(exc)

    with psycopg.connect(pg_url) as blocker:
        blocker.execute("SELECT pg_advisory_xact_lock(hashtext('signoff.setup:' || %s))", (schema,))
        threads = [threading.Thread(target=setup) for _ in range(2)]
        for t in threads:
            t.start()
        wait_until_blocked(pg_url, blocker, 2)
        blocker.rollback()
        for t in threads:
            t.join(timeout=60)
    assert errors == []
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT version FROM signoff_schema_version").fetchall()
    assert rows == [(v,) for v in range(1, LATEST_VERSION + 1)]
