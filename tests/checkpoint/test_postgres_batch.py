"""PostgresSaver's cheap paths: a batch of a run's storage calls is one statement (one round trip,
one commit), and so is an answer's claim; what they store is what the calls one by one store."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any, TypedDict

import psycopg
import pytest
from postgres_support import CountingConnection, pg_url, put_chain, record, saver
from psycopg_pool import ConnectionPool

from signoff.checkpoint.base import AnswerRecord, CheckpointMetadata, InterruptRecord
from signoff.checkpoint.postgres import PostgresSaver
from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.testing._support import Chain, child, config
from signoff.errors import InterruptAlreadyAnsweredError

__all__ = ["pg_url", "saver"]  # fixtures

META = CheckpointMetadata(source="loop", step=1)


@pytest.fixture
def counted(pg_url: str) -> Iterator[tuple[PostgresSaver, CountingConnection]]:
    """A saver on a connection that counts its statements."""
    with CountingConnection.open(pg_url) as conn:
        s = PostgresSaver(conn)
        s.setup()
        conn.statements.clear()
        yield s, conn


def answer(rec: InterruptRecord, value: Any) -> AnswerRecord:
    return AnswerRecord(
        thread_id=rec.thread_id,
        checkpoint_ns=rec.checkpoint_ns,
        checkpoint_id=rec.checkpoint_id,
        task_id=rec.task_id,
        interrupt_id=rec.interrupt_id,
        value=value,
    )


def pending(s: PostgresSaver, thread_id: str) -> list[tuple[str, str, Any]]:
    return [
        (r.interrupt_id, r.checkpoint_id, r.value)
        for r in s.pending_interrupts(thread_id=thread_id)
    ]


def test_a_pausing_run_is_stored_by_one_statement(
    counted: tuple[PostgresSaver, CountingConnection],
) -> None:
    s, conn = counted
    chain = Chain(s, "t")
    chain.put({"request": 1})
    first, first_versions = child(s, chain.checkpoint, {"draft": "d"})
    second, second_versions = child(s, first, {"review": "r"})
    at = config("t", first["id"])
    at_second = config("t", second["id"])
    conn.statements.clear()
    s.put_batch(
        [
            (
                "put_step",
                (chain.head, [("t1", [("draft", "d")])], chain.head, first, META, first_versions),
            ),
            ("put_step", (at, [("t2", [("review", "r")])], at, second, META, second_versions)),
            ("put_interrupts", (at_second, "t3", [record(at_second, "i1")])),
        ]
    )
    assert len(conn.statements) == 1
    stored = s.get_tuple(config("t"))
    assert stored is not None and stored.checkpoint["id"] == second["id"]
    assert stored.checkpoint["channel_values"] == {"request": 1, "draft": "d", "review": "r"}
    assert [w[:2] for w in stored.pending_writes or []] == [("t3", "__interrupt__")]
    middle = s.get_tuple(at)
    assert middle is not None and middle.pending_writes == [("t2", "review", "r")]
    assert pending(s, "t") == [("i1", second["id"], "Approve?")]
    assert [(i.thread_id, i.checkpoint_id) for i in s.list_threads()] == [("t", second["id"])]


def test_a_batch_moving_past_a_pending_interrupt_that_is_raised_again_replaces_it(
    saver: PostgresSaver,
) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    saver.put_interrupts(head, "task", [record(head, "i1", value="first?"), record(head, "i2")])
    tup = saver.get_tuple(head)
    assert tup is not None
    nxt, versions = child(saver, tup.checkpoint, {"a": 2})
    at = config("t", nxt["id"])
    saver.put_batch(
        [
            ("put", (head, nxt, META, versions)),
            ("put_interrupts", (at, "task", [record(at, "i1", value="again?")])),
        ]
    )
    assert pending(saver, "t") == [("i1", nxt["id"], "again?")]  # i2 is superseded
    saver.put_answers(at, [answer(record(at, "i1"), "yes")])
    assert pending(saver, "t") == []


def test_an_interrupt_raised_and_answered_before_stays_answered_in_a_batch(
    saver: PostgresSaver,
) -> None:
    (head,) = put_chain(saver, "t", [{"a": 1}])
    rec = record(head, "i1")
    saver.put_interrupts(head, "task", [rec])
    saver.put_answers(head, [answer(rec, "yes")])
    saver.put_batch([("put_interrupts", (head, "task", [rec]))])  # the node ran again
    assert pending(saver, "t") == []


def test_a_channel_without_a_value_stores_no_row(saver: PostgresSaver) -> None:
    chain = Chain(saver, "t")
    chain.put({"a": 1, "b": 2})
    cleared, versions = child(saver, chain.checkpoint, {"c": 3}, cleared=("b",))
    assert "b" in versions and "b" not in cleared["channel_values"]
    saver.put_batch([("put", (chain.head, cleared, META, versions))])
    conn: Any = saver.conn
    rows = conn.execute("SELECT channel FROM signoff_blobs ORDER BY channel").fetchall()
    assert rows == [("a",), ("b",), ("c",)]  # b's first value only
    stored = saver.get_tuple(config("t"))
    assert stored is not None and stored.checkpoint["channel_values"] == {"a": 1, "c": 3}


def test_a_claim_is_one_statement_and_all_or_nothing(
    counted: tuple[PostgresSaver, CountingConnection],
) -> None:
    s, conn = counted
    (head,) = put_chain(s, "t", [{"a": 1}])
    i1, i2 = record(head, "i1"), record(head, "i2", index=1)
    s.put_interrupts(head, "task", [i1, i2])
    conn.statements.clear()
    with pytest.raises(InterruptAlreadyAnsweredError, match="interrupt i1 of thread 't'"):
        s.put_answers(head, [answer(i1, "yes"), answer(i1, "twice")])
    assert len(conn.statements) == 1
    assert [r[0] for r in pending(s, "t")] == ["i1", "i2"] and s.answers("t") == []
    conn.statements.clear()
    s.put_answers(head, [answer(i2, "second"), answer(i1, "first")])
    assert len(conn.statements) == 1
    assert pending(s, "t") == []
    assert [(a.interrupt_id, a.value) for a in s.answers("t")] == [
        ("i2", "second"),
        ("i1", "first"),
    ]
    tup = s.get_tuple(head)
    assert tup is not None
    resumes = [w for w in tup.pending_writes or [] if w[1] == "__resume__"]
    assert resumes == [
        ("task", "__resume__", {"i2": "second"}),
        ("task", "__resume__", {"i1": "first"}),
    ]


def overlapping_claims(saver: PostgresSaver, pooled: PostgresSaver, thread: str) -> list[str]:
    """Four threads claim i1 and i2 of a fresh paused thread at once, two in each order."""
    (head,) = put_chain(saver, thread, [{"a": 1}])
    recs = [record(head, "i1"), record(head, "i2", index=1)]
    saver.put_interrupts(head, "task", recs)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def claim(i: int) -> None:
        order = recs if i % 2 else recs[::-1]
        barrier.wait()
        try:
            pooled.put_answers(head, [answer(r, f"by-{i}") for r in order])
            outcomes.append(f"by-{i}")
        except InterruptAlreadyAnsweredError:
            outcomes.append("lost")

    workers = [threading.Thread(target=claim, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    return outcomes


def test_overlapping_claims_on_a_pool_one_wins_whole(saver: PostgresSaver, pg_url: str) -> None:
    """Claims of {i1, i2} and {i2, i1} at once: one stores both answers, the others none."""
    pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
        pg_url, min_size=4, max_size=4, open=False, kwargs={"autocommit": True}
    )
    pool.open(wait=True)
    with pool:
        pooled = PostgresSaver(pool)
        for round_ in range(10):
            outcomes = overlapping_claims(saver, pooled, f"t{round_}")
            assert len(outcomes) == 4
            (winner,) = [o for o in outcomes if o != "lost"]
            given = saver.answers(f"t{round_}")
            assert len(given) == 2 and {a.value for a in given} == {winner}


class Review(TypedDict, total=False):
    request: int
    answer: str
    result: str


def test_the_async_saver_pauses_and_resumes_a_graph(pg_url: str) -> None:
    from signoff.graph import END, START, StateGraph
    from signoff.types import Command, interrupt

    def review(state: Review) -> dict[str, Any]:
        return {"answer": interrupt(f"approve {state['request']}?")}

    def send(state: Review) -> dict[str, Any]:
        return {"result": f"{state['request']}: {state['answer']}"}

    async def main() -> tuple[Any, Any, int]:
        async with AsyncPostgresSaver.from_conn_string(pg_url) as s:
            await s.setup()
            builder = StateGraph(Review)
            builder.add_node("review", review)
            builder.add_node("send", send)
            builder.add_edge(START, "review")
            builder.add_edge("review", "send")
            builder.add_edge("send", END)
            graph = builder.compile(checkpointer=s)
            conf: Any = {"configurable": {"thread_id": "a"}}
            paused = await graph.ainvoke({"request": 7}, conf)
            waiting = len(await s.apending_interrupts(thread_id="a"))
            done = await graph.ainvoke(Command(resume="ok"), conf)
            return paused, done, waiting

    paused, done, waiting = asyncio.run(main())
    assert [i.value for i in paused["__interrupt__"]] == ["approve 7?"] and waiting == 1
    assert done == {"request": 7, "answer": "ok", "result": "7: ok"}


def test_a_batch_that_fails_is_run_the_plain_way_and_stores_nothing(saver: PostgresSaver) -> None:
    chain = Chain(saver, "t")
    chain.put({"a": 1})
    nxt, versions = child(saver, chain.checkpoint, {"a": 2})
    missing = replace_checkpoint_id(chain.head, "nope")
    with pytest.raises(ValueError, match="has no checkpoint 'nope'"):
        saver.put_batch(
            [
                ("put", (chain.head, nxt, META, versions)),
                ("put_interrupts", (missing, "task", [record(missing, "i1")])),
            ]
        )
    assert saver.get_tuple(config("t", nxt["id"])) is None
    assert pending(saver, "t") == []


def replace_checkpoint_id(conf: Any, checkpoint_id: str) -> Any:
    return {"configurable": {**conf["configurable"], "checkpoint_id": checkpoint_id}}
