"""Conformance checks for signoff's interrupt index, exactly-once answers, audit and thread listing."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from typing import Any

from signoff.checkpoint.base import BaseCheckpointSaver, CheckpointMetadata, InterruptRecord
from signoff.checkpoint.testing._support import (
    T0,
    Chain,
    answer_for,
    checkpoint_id,
    child,
    config,
    expect,
    expect_equal,
    expect_raises,
    interrupt_record,
    new_name,
)
from signoff.constants import ERROR, INTERRUPT, RESUME
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.types import Interrupt


def _paused(
    saver: BaseCheckpointSaver, n: int = 2, **kw: object
) -> tuple[str, list[InterruptRecord]]:
    """A thread of two checkpoints whose latest has one task paused on `n` interrupts."""
    thread = new_name()
    chain = Chain(saver, thread)
    chain.put({"a": 0})
    at = chain.put({"a": 1})
    records = [interrupt_record(at, "task-1", index=i, value=f"q{i}?", **kw) for i in range(n)]  # type: ignore[arg-type]  # keyword pass-through
    saver.put_interrupts(at, "task-1", records)
    return thread, records


def check_interrupt_index(saver: BaseCheckpointSaver) -> None:
    """Raised interrupts are pending and visible as the task's `__interrupt__` write."""
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    thread, records = _paused(
        saver, response_schema=schema, deadline=T0 + timedelta(days=1), default=False
    )
    expect_equal(saver.pending_interrupts(thread_id=thread), records, "pending records round-trip")
    t = saver.get_tuple(config(thread))
    assert t is not None
    expected: list[Interrupt[Any]] = [
        Interrupt(r.value, r.interrupt_id, response_schema=schema) for r in records
    ]
    expect_equal(t.pending_writes, [("task-1", INTERRUPT, expected)], "__interrupt__ write")
    expect(records[0].has_default, "default survives")
    other, _ = _paused(saver, n=1)
    expect_equal(len(saver.pending_interrupts(thread_id=other)), 1, "each thread has its own")


def check_answer(saver: BaseCheckpointSaver) -> None:
    """An answer leaves the index, is audited, and becomes a `__resume__` write."""
    thread, (first, second) = _paused(saver)
    at = config(thread, first.checkpoint_id)
    saver.put_answers(at, [answer_for(first, {"ok": True}, by="ann")])
    expect_equal(
        saver.pending_interrupts(thread_id=thread), [second], "answered one is not pending"
    )
    t = saver.get_tuple(config(thread))
    assert t is not None
    resumes = [w for w in t.pending_writes or [] if w[1] == RESUME]
    expect_equal(resumes, [("task-1", RESUME, {first.interrupt_id: {"ok": True}})], "resume write")
    audit = saver.answers(thread)
    expect_equal(len(audit), 1, "one answer audited")
    expect_equal(
        (audit[0].interrupt_id, audit[0].value), (first.interrupt_id, {"ok": True}), "audit"
    )
    expect_equal(audit[0].answered_by, "ann", "who answered")
    expect(audit[0].answered_at is not None, "when it was answered")
    expect_raises(
        InterruptAlreadyAnsweredError,
        "answering twice",
        saver.put_answers,
        at,
        [answer_for(first, 1)],
    )
    saver.put_answers(at, [answer_for(second, "two")])
    resumes = [w for w in saver.get_tuple(at).pending_writes or [] if w[1] == RESUME]  # type: ignore[union-attr]  # exists
    expect_equal(
        resumes,
        [
            ("task-1", RESUME, {first.interrupt_id: {"ok": True}}),
            ("task-1", RESUME, {second.interrupt_id: "two"}),
        ],
        "resume writes in the order answered",
    )
    expect_equal(saver.pending_interrupts(thread_id=thread), [], "nothing pending")


def check_answer_is_all_or_nothing(saver: BaseCheckpointSaver) -> None:
    thread, (first, second) = _paused(saver)
    at = config(thread, first.checkpoint_id)
    stranger = interrupt_record(at, "task-9")
    expect_raises(
        InterruptAlreadyAnsweredError,
        "an unknown interrupt",
        saver.put_answers,
        at,
        [answer_for(first, 1), answer_for(stranger, 2)],
    )
    expect_raises(
        InterruptAlreadyAnsweredError,
        "the same interrupt twice in one call",
        saver.put_answers,
        at,
        [answer_for(first, 1), answer_for(first, 2)],
    )
    parent = saver.get_tuple(at)
    assert parent is not None and parent.parent_config is not None
    expect_raises(
        InterruptAlreadyAnsweredError,
        "an answer naming another checkpoint",
        saver.put_answers,
        parent.parent_config,
        [answer_for(second, 3)],
    )
    expect_equal(len(saver.pending_interrupts(thread_id=thread)), 2, "both still pending")
    expect_equal(saver.answers(thread), [], "nothing audited")
    t = saver.get_tuple(at)
    assert t is not None
    expect_equal([w for w in t.pending_writes or [] if w[1] == RESUME], [], "no resume written")


def check_reraise_and_new_checkpoint(saver: BaseCheckpointSaver) -> None:
    """Re-putting interrupts keeps answered ones answered; a new root checkpoint clears the index."""
    thread, (first, second) = _paused(saver)
    at = config(thread, first.checkpoint_id)
    saver.put_answers(at, [answer_for(first, "yes")])
    replay = [first, replace(second, value="q1 again?")]
    saver.put_interrupts(at, "task-1", replay)
    pending = saver.pending_interrupts(thread_id=thread)
    expect_equal(
        [r.interrupt_id for r in pending], [second.interrupt_id], "answered stays answered"
    )
    expect_equal(pending[0].value, "q1 again?", "a still-pending record is replaced")
    Chain(saver, thread, ns="child:1").put({"b": 1})
    expect_equal(len(saver.pending_interrupts(thread_id=thread)), 1, "a subgraph put keeps them")
    chain = Chain(saver, thread)
    chain.head = at
    chain.put({"a": 2})
    expect_equal(
        saver.pending_interrupts(thread_id=thread), [], "a new root checkpoint clears them"
    )
    expect_equal(len(saver.answers(thread)), 1, "answers outlive the checkpoint")


def check_batch_raises_then_moves_on(saver: BaseCheckpointSaver) -> None:
    """In one `put_batch`, interrupts raised at a checkpoint and then superseded by a newer root
    checkpoint are not pending; those raised at the batch's last checkpoint are, and the thread is
    listed at it. A task's later write to a special channel replaces its earlier one; a plain
    write is kept as first stored."""
    thread = new_name()
    chain = Chain(saver, thread)
    chain.put({"a": 0})
    first, first_versions = child(saver, chain.checkpoint, {"a": 1})
    second, second_versions = child(saver, first, {"a": 2})
    third, third_versions = child(saver, second, {"a": 3})
    at = [config(thread, c["id"]) for c in (first, second, third)]
    meta = CheckpointMetadata(source="loop", step=1)
    old = interrupt_record(at[0], "task-1", value="old?")
    new = interrupt_record(at[1], "task-2", value="new?")
    saver.put_batch(
        [
            ("put", (chain.head, first, meta, first_versions)),
            ("put_interrupts", (at[0], "task-1", [old])),
            ("put", (at[0], second, meta, second_versions)),
            ("put_interrupts", (at[1], "task-2", [replace(new, value="draft?")])),
            ("put_interrupts", (at[1], "task-2", [new])),
            ("put_writes", (at[1], [("a", "kept"), (ERROR, "first")], "task-3", "")),
            ("put_writes", (at[1], [("a", "dropped"), (ERROR, "second")], "task-3", "")),
        ]
    )
    pending = saver.pending_interrupts(thread_id=thread)
    expect_equal(
        [(r.interrupt_id, r.value) for r in pending],
        [(new.interrupt_id, "new?")],
        "pending: what was raised at the newest root checkpoint, as last put",
    )
    expect_equal(
        [(i.thread_id, i.checkpoint_id) for i in saver.list_threads() if i.thread_id == thread],
        [(thread, second["id"])],
        "the thread is listed at the batch's newest root checkpoint",
    )
    stored = saver.get_tuple(at[1])
    writes = sorted(w for w in (stored.pending_writes or [] if stored else []) if w[0] == "task-3")
    expect_equal(writes, [("task-3", ERROR, "second"), ("task-3", "a", "kept")], "task-3 writes")
    saver.put_batch([("put", (at[1], third, meta, third_versions))])
    expect_equal(saver.pending_interrupts(thread_id=thread), [], "a later batch supersedes them")


def check_exactly_once(saver: BaseCheckpointSaver) -> None:
    """20 threads answer one interrupt at the same moment: exactly one wins."""
    thread, (rec,) = _paused(saver, n=1)
    at = config(thread, rec.checkpoint_id)
    barrier = threading.Barrier(20)
    outcomes: list[tuple[int, str]] = []

    def answer(i: int) -> None:
        barrier.wait()
        try:
            saver.put_answers(at, [answer_for(rec, i)])
            outcomes.append((i, "won"))
        except InterruptAlreadyAnsweredError:
            outcomes.append((i, "lost"))

    workers = [threading.Thread(target=answer, args=(i,)) for i in range(20)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    winners = [i for i, outcome in outcomes if outcome == "won"]
    expect_equal(len(outcomes), 20, "every caller got an outcome")
    expect_equal(len(winners), 1, "exactly one answer wins")
    audit = saver.answers(thread)
    expect_equal([a.value for a in audit], winners, "only the winner is audited")
    t = saver.get_tuple(at)
    assert t is not None
    resumes = [w for w in t.pending_writes or [] if w[1] == RESUME]
    expect_equal(resumes, [("task-1", RESUME, {rec.interrupt_id: winners[0]})], "winner's resume")


def check_pending_queries(saver: BaseCheckpointSaver) -> None:
    """Across threads, oldest first; by graph and node; pages with limit and cursor."""
    graph = new_name("graph")
    made: list[InterruptRecord] = []
    for i in range(5):
        at = Chain(saver, new_name()).put({"a": i})
        rec = interrupt_record(
            at,
            "task",
            node="a" if i % 2 else "b",
            graph=graph,
            created_at=T0 - timedelta(minutes=i),
        )
        saver.put_interrupts(at, "task", [rec])
        made.append(rec)
    oldest_first = list(reversed(made))
    expect_equal(saver.pending_interrupts(graph=graph), oldest_first, "oldest first across threads")
    expect_equal(
        saver.pending_interrupts(graph=graph, node="a"),
        [r for r in oldest_first if r.node == "a"],
        "by node",
    )
    expect_equal(saver.pending_interrupts(graph=new_name("graph")), [], "unknown graph")
    page1 = saver.pending_interrupts(graph=graph, limit=2)
    page2 = saver.pending_interrupts(graph=graph, limit=2, cursor=page1[-1].interrupt_id)
    page3 = saver.pending_interrupts(graph=graph, limit=2, cursor=page2[-1].interrupt_id)
    expect_equal(page1 + page2 + page3, oldest_first, "cursor pages")
    thread = made[2].thread_id
    expect_equal(saver.pending_interrupts(thread_id=thread), [made[2]], "by thread")
    # a cursor whose thread is gone would page from the start again: refused instead
    saver.delete_thread(page1[-1].thread_id)
    expect_raises(
        ValueError,
        "a cursor naming a deleted interrupt",
        lambda: saver.pending_interrupts(graph=graph, limit=2, cursor=page1[-1].interrupt_id),
    )


def check_list_threads(saver: BaseCheckpointSaver) -> None:
    idle, failed = new_name(), new_name()
    Chain(saver, idle).put({"a": 1}, {"source": "input", "step": -1, "graph": "g.py:graph"})
    at = Chain(saver, failed).put({"a": 1})
    saver.put_writes(at, [(ERROR, "boom")], "task")
    paused, _ = _paused(saver, n=1)
    infos = {i.thread_id: i for i in saver.list_threads() if i.thread_id in (idle, failed, paused)}
    expect_equal(
        {t: i.status for t, i in infos.items()},
        {idle: "idle", failed: "error", paused: "interrupted"},
        "status",
    )
    expect_equal(infos[idle].metadata.get("graph"), "g.py:graph", "metadata")
    latest = saver.get_tuple(config(idle))
    expect_equal(infos[idle].checkpoint_id, checkpoint_id(latest), "latest checkpoint id")
    expect(infos[idle].updated_at is not None, "updated_at")
    only = [i.thread_id for i in saver.list_threads("interrupted") if i.thread_id in infos]
    expect_equal(only, [paused], "status filter")
    order = [i.thread_id for i in saver.list_threads() if i.thread_id in infos]
    expect_equal(order, [paused, failed, idle], "most recently updated first")
    expect_equal(
        {t: saver.thread_status(t) for t in (idle, failed, paused)},
        {idle: "idle", failed: "error", paused: "interrupted"},
        "thread_status, one thread at a time",
    )
    expect_equal(saver.thread_status(new_name()), None, "thread_status of an unknown thread")


def check_delete_drops_interrupts(saver: BaseCheckpointSaver) -> None:
    thread, (first, _) = _paused(saver)
    saver.put_answers(config(thread, first.checkpoint_id), [answer_for(first, 1)])
    saver.delete_thread(thread)
    expect_equal(saver.pending_interrupts(thread_id=thread), [], "no pending interrupts")
    expect_equal(saver.answers(thread), [], "no answers")
    expect_equal([i for i in saver.list_threads() if i.thread_id == thread], [], "not listed")


def check_cursor_survives_answers(saver: BaseCheckpointSaver) -> None:
    """A page's last interrupt answered in the meantime still marks where the next page starts;
    interrupts without a creation time come first, naive times count as UTC."""
    graph = new_name("graph")
    made: list[InterruptRecord] = []
    times = [None, T0.replace(tzinfo=None), T0 + timedelta(minutes=1), T0 + timedelta(minutes=2)]
    for i, created in enumerate(times):
        at = Chain(saver, new_name()).put({"a": i})
        rec = replace(interrupt_record(at, "task", graph=graph), created_at=created)
        saver.put_interrupts(at, "task", [rec])
        made.append(rec)
    order = [r.interrupt_id for r in made]

    def pending(**kwargs: Any) -> list[str]:
        return [r.interrupt_id for r in saver.pending_interrupts(graph=graph, **kwargs)]

    expect_equal(pending(), order, "order: no time, then by time")
    page1 = saver.pending_interrupts(graph=graph, limit=2)
    expect_equal([r.interrupt_id for r in page1], order[:2], "first page")
    for rec in page1:
        saver.put_answers(config(rec.thread_id, rec.checkpoint_id), [answer_for(rec, "done")])
    page2 = pending(limit=2, cursor=page1[-1].interrupt_id)
    expect_equal(page2, order[2:], "the next page starts after the answered cursor")
    expect_raises(ValueError, "an unknown cursor", pending, cursor=new_name("interrupt"))
