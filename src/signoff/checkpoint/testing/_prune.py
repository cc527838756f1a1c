"""Conformance checks for `prune`: what it keeps, what it drops, and what keeps working after it."""

from __future__ import annotations

from signoff.checkpoint.base import BaseCheckpointSaver, CheckpointMetadata, CheckpointTuple
from signoff.checkpoint.testing._support import (
    Chain,
    answer_for,
    checkpoint_id,
    config,
    expect,
    expect_equal,
    expect_raises,
    ids,
    interrupt_record,
    new_name,
)
from signoff.constants import RESUME


def _history(saver: BaseCheckpointSaver, thread: str, ns: str = "") -> list[str | None]:
    return ids(saver.list(config(thread, ns=ns)))


def check_prune_keeps_the_newest(saver: BaseCheckpointSaver) -> None:
    """The newest `keep_last` stay with their values; the oldest kept starts the history."""
    thread, other = new_name(), new_name()
    chain = Chain(saver, thread)
    chain.put({"doc": "big" * 500, "i": 0})
    for i in range(1, 8):
        chain.put({"i": i})
    saver.put_writes(chain.head, [("i", 99)], "task")
    Chain(saver, other).put({"i": 0})
    before = _history(saver, thread)

    expect_equal(saver.prune(thread, keep_last=3), 5, "prune returns how many it dropped")

    expect_equal(_history(saver, thread), before[:3], "the three newest are kept, newest first")
    oldest = saver.get_tuple(config(thread, before[2]))
    assert oldest is not None
    expect_equal(oldest.parent_config, None, "the oldest kept checkpoint starts the history")
    expect_equal(oldest.checkpoint["channel_values"], {"doc": "big" * 500, "i": 5}, "its values")
    middle = saver.get_tuple(config(thread, before[1]))
    expect_equal(middle.parent_config if middle else None, config(thread, before[2]), "links kept")
    latest = saver.get_tuple(config(thread))
    assert latest is not None
    expect_equal(latest.checkpoint["channel_values"]["doc"], "big" * 500, "carried value kept")
    expect_equal(latest.pending_writes, [("task", "i", 99)], "the latest's writes are kept")
    expect_equal(saver.get_tuple(config(thread, before[5])), None, "a dropped checkpoint is gone")
    expect_equal(len(_history(saver, other)), 1, "other threads are untouched")
    after = chain.put({"i": 8})
    found = saver.get_tuple(after)
    expect(found is not None, "the thread goes on after pruning")
    assert found is not None
    expect_equal(found.checkpoint["channel_values"], {"doc": "big" * 500, "i": 8}, "new values")
    expect_equal(saver.prune(thread, keep_last=10), 0, "nothing more to drop")
    expect_equal(saver.prune(new_name(), keep_last=1), 0, "an unknown thread has nothing")


def check_prune_refuses_keep_last_below_one(saver: BaseCheckpointSaver) -> None:
    thread = new_name()
    chain = Chain(saver, thread)
    chain.put({"a": 1})
    chain.put({"a": 2})
    for bad in (0, -1):
        expect_raises(ValueError, f"keep_last={bad}", saver.prune, thread, keep_last=bad)
    expect_equal(len(_history(saver, thread)), 2, "a refused prune drops nothing")


def check_prune_keeps_pending_interrupts(saver: BaseCheckpointSaver) -> None:
    """A checkpoint with a pending interrupt survives, however old, and can still be answered."""
    thread = new_name()
    chain = Chain(saver, thread)
    for i in range(6):
        chain.put({"i": i})
    old = chain.configs[1]
    answered = interrupt_record(old, "task-a", index=0, value="answered?")
    waiting = interrupt_record(old, "task-a", index=1, value="waiting?")
    saver.put_interrupts(old, "task-a", [answered, waiting])
    saver.put_answers(old, [answer_for(answered, "yes", by="ann")])

    saver.prune(thread, keep_last=2)

    kept = _history(saver, thread)
    expect_equal(
        kept,
        [checkpoint_id(chain.configs[5]), checkpoint_id(chain.configs[4]), checkpoint_id(old)],
        "the newest two and the one an interrupt waits at",
    )
    expect_equal(saver.pending_interrupts(thread_id=thread), [waiting], "still pending, exactly")
    t = saver.get_tuple(old)
    assert t is not None
    expect_equal(t.parent_config, None, "its dropped parent is no longer named")
    expect_equal(
        [w for w in t.pending_writes or [] if w[1] == RESUME],
        [("task-a", RESUME, {answered.interrupt_id: "yes"})],
        "the earlier answer is still a resume write",
    )
    saver.put_answers(old, [answer_for(waiting, "no")])
    expect_equal(saver.pending_interrupts(thread_id=thread), [], "answered after pruning")
    expect_equal([a.value for a in saver.answers(thread)], ["yes", "no"], "answers are kept")


def check_prune_follows_parent_graph_checkpoints(saver: BaseCheckpointSaver) -> None:
    """A subgraph checkpoint goes when the parent-graph checkpoint it belongs to goes."""
    thread = new_name()
    root = Chain(saver, thread)
    for i in range(5):
        at = root.put({"i": i})
        parents = {"": checkpoint_id(at) or ""}
        Chain(saver, thread, ns=f"child:{i}").put(
            {"s": i}, CheckpointMetadata(source="loop", step=0, parents=parents)
        )

    saver.prune(thread, keep_last=2)

    kept = [f"child:{i}" for i in range(5) if _history(saver, thread, f"child:{i}")]
    expect_equal(kept, ["child:3", "child:4"], "subgraph checkpoints of kept root checkpoints")
    sub = saver.get_tuple(config(thread, ns="child:4"))
    expect_equal(sub.checkpoint["channel_values"] if sub else None, {"s": 4}, "subgraph values")
    expect_equal(
        saver.get_tuple(config(thread, ns="child:0")), None, "a dropped namespace is empty"
    )
    every = {
        t.config["configurable"]["checkpoint_ns"] for t in saver.list(None) if _mine(t, thread)
    }
    expect_equal(every, {"", "child:3", "child:4"}, "list(None) agrees")


def _mine(t: CheckpointTuple, thread: str) -> bool:
    return bool(t.config["configurable"]["thread_id"] == thread)


def check_prune_keeps_listing_and_threads(saver: BaseCheckpointSaver) -> None:
    """After a prune, the thread lists with its latest checkpoint and `list` pages stay exact."""
    thread = new_name()
    chain = Chain(saver, thread)
    for i in range(12):
        chain.put({"i": i})
    saver.prune(thread, keep_last=4)
    newest = [checkpoint_id(c) for c in reversed(chain.configs)][:4]
    expect_equal(_history(saver, thread), newest, "list")
    expect_equal(ids(saver.list(config(thread), limit=2)), newest[:2], "limit")
    expect_equal(ids(saver.list(config(thread), before=chain.configs[-2])), newest[2:], "before")
    (info,) = [i for i in saver.list_threads() if i.thread_id == thread]
    expect_equal(info.checkpoint_id, newest[0], "the thread's latest checkpoint")
