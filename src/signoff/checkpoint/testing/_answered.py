"""Conformance check for `index_interrupts`: questions indexed without the task's `__interrupt__`
write, as the runtime stores those a null resume answers as they are asked (a plain
`Command(resume=...)` after `update_state` on a paused thread)."""

from __future__ import annotations

from typing import Any

from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.checkpoint.testing._support import (
    Chain,
    answer_for,
    config,
    expect_equal,
    expect_raises,
    interrupt_record,
    new_name,
)
from signoff.constants import INTERRUPT, RESUME
from signoff.errors import InterruptAlreadyAnsweredError


def check_index_without_write(saver: BaseCheckpointSaver) -> None:
    """Indexed questions are pending and answered exactly once, audited, and never shown as the
    task's `__interrupt__` write; alone or in a batch; only in the root namespace; at a stored
    checkpoint only."""
    thread = new_name()
    chain = Chain(saver, thread)
    chain.put({"a": 0})
    at = chain.put({"a": 1})
    rec = interrupt_record(at, "task-1", value={"draft": "v2"})
    saver.index_interrupts(at, [rec])
    expect_equal(saver.pending_interrupts(thread_id=thread), [rec], "indexed: pending")
    expect_equal(_writes(saver, at), [], "no __interrupt__ write")
    saver.put_answers(at, [answer_for(rec, "ok", by="ann")])
    expect_raises(
        InterruptAlreadyAnsweredError,
        "answering it twice",
        saver.put_answers,
        at,
        [answer_for(rec, "again")],
    )
    expect_equal(
        _writes(saver, at), [("task-1", RESUME, {rec.interrupt_id: "ok"})], "the answer only"
    )
    audit = [(a.interrupt_id, a.value, a.answered_by) for a in saver.answers(thread)]
    expect_equal(audit, [(rec.interrupt_id, "ok", "ann")], "audited once")
    saver.index_interrupts(at, [rec])
    expect_equal(saver.pending_interrupts(thread_id=thread), [], "answered stays answered")

    later = chain.put({"a": 2})
    batched = interrupt_record(later, "task-2", value="q?")
    saver.put_batch(
        [
            ("put_writes", (later, [("a", 3)], "task-3", "")),
            ("index_interrupts", (later, [batched])),
        ]
    )
    expect_equal(saver.pending_interrupts(thread_id=thread), [batched], "indexed in a batch")
    expect_equal([w for w in _writes(saver, later) if w[1] == INTERRUPT], [], "no write in a batch")

    sub = Chain(saver, thread, ns="child:1").put({"b": 1})
    saver.index_interrupts(sub, [interrupt_record(sub, "task-4")])
    expect_equal(saver.pending_interrupts(thread_id=thread), [batched], "a subgraph's: not indexed")
    expect_equal(_writes(saver, sub), [], "a subgraph's: no write")

    other = new_name()
    Chain(saver, other).put({"a": 0})
    missing = config(other, "no-such-checkpoint")
    stray = interrupt_record(missing, "task-5")
    expect_raises(ValueError, "a missing checkpoint", saver.index_interrupts, missing, [stray])
    batch = [("index_interrupts", (missing, [stray]))]
    expect_raises(ValueError, "a missing checkpoint in a batch", saver.put_batch, batch)
    expect_equal(saver.pending_interrupts(thread_id=other), [], "nothing indexed there")


def _writes(saver: BaseCheckpointSaver, at: RunnableConfig) -> list[tuple[str, str, Any]]:
    found = saver.get_tuple(at)
    return list(found.pending_writes or []) if found is not None else []
