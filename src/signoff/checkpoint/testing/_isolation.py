"""Conformance checks that stored data is the saver's own: changing what was put, or what a read
returned, never changes what is stored; and a write that cannot be stored stores nothing."""

from __future__ import annotations

from typing import Any

from signoff.checkpoint.base import BaseCheckpointSaver, CheckpointMetadata, empty_checkpoint
from signoff.checkpoint.testing._support import (
    answer_for,
    config,
    expect_equal,
    expect_raises,
    interrupt_record,
    new_name,
)
from signoff.constants import INTERRUPT, RESUME


def check_changes_after_put_are_not_stored(saver: BaseCheckpointSaver) -> None:
    """The runtime keeps changing the checkpoint it just put; nodes append to state in place."""
    thread = new_name()
    items: list[Any] = ["a"]
    meta: dict[str, Any] = {"source": "loop", "step": 0, "tags": ["x"], "parents": {}}
    checkpoint = empty_checkpoint()
    checkpoint["channel_values"] = {"items": items, "n": 1}
    checkpoint["channel_versions"] = {"items": 1, "n": 1}
    checkpoint["versions_seen"] = {"node": {"items": 1}}
    checkpoint["updated_channels"] = ["items", "n"]
    at = saver.put(config(thread), checkpoint, meta, {"items": 1, "n": 1})  # type: ignore[arg-type]  # extra metadata key

    items.append("changed")
    checkpoint["channel_values"]["n"] = 2
    checkpoint["channel_versions"]["n"] = 2
    checkpoint["versions_seen"]["other"] = {"n": 2}
    checkpoint["updated_channels"].append("other")  # type: ignore[union-attr]  # set above
    meta["tags"].append("y")
    meta["step"] = 5

    t = saver.get_tuple(at)
    assert t is not None
    expect_equal(t.checkpoint["channel_values"], {"items": ["a"], "n": 1}, "values as put")
    expect_equal(t.checkpoint["channel_versions"], {"items": 1, "n": 1}, "versions as put")
    expect_equal(t.checkpoint["versions_seen"], {"node": {"items": 1}}, "versions seen as put")
    expect_equal(t.checkpoint.get("updated_channels"), ["items", "n"], "updated channels as put")
    expect_equal(t.metadata, {"source": "loop", "step": 0, "tags": ["x"], "parents": {}}, "meta")

    write: dict[str, Any] = {"list": [1]}
    saver.put_writes(at, [("items", write)], "task")
    write["list"].append(2)
    payload: dict[str, Any] = {"question": "ok?", "options": ["y"]}
    rec = interrupt_record(at, "task-2", value=payload, default={"d": [1]})
    saver.put_interrupts(at, "task-2", [rec])
    payload["options"].append("n")
    rec.default["d"].append(2)
    (pending,) = saver.pending_interrupts(thread_id=thread)
    expect_equal(pending.value, {"question": "ok?", "options": ["y"]}, "interrupt payload as put")
    expect_equal(pending.default, {"d": [1]}, "interrupt default as put")
    answer: dict[str, Any] = {"ok": [True]}
    saver.put_answers(at, [answer_for(rec, answer)])
    answer["ok"].append(False)
    t = saver.get_tuple(at)
    assert t is not None
    expect_equal(t.pending_writes[0], ("task", "items", {"list": [1]}), "write as put")  # type: ignore[index]  # writes were put
    resumes = [w[2] for w in t.pending_writes or [] if w[1] == RESUME]
    expect_equal(resumes, [{rec.interrupt_id: {"ok": [True]}}], "resume write as answered")
    expect_equal([a.value for a in saver.answers(thread)], [{"ok": [True]}], "audit as answered")


def check_changes_to_what_was_read_are_not_stored(saver: BaseCheckpointSaver) -> None:
    thread = new_name()
    checkpoint = empty_checkpoint()
    checkpoint["channel_values"] = {"items": ["a"]}
    checkpoint["channel_versions"] = {"items": 1}
    checkpoint["versions_seen"] = {"node": {"items": 1}}
    meta = CheckpointMetadata(source="loop", step=0, parents={})
    at = saver.put(config(thread), checkpoint, meta, {"items": 1})
    saver.put_writes(at, [("items", ["w"])], "task")
    rec = interrupt_record(at, "task-2", value={"options": ["y"]})
    saver.put_interrupts(at, "task-2", [rec])
    saver.put_answers(at, [answer_for(rec, ["yes"])])

    for read in range(2):
        t = saver.get_tuple(at)
        assert t is not None
        expect_equal(t.checkpoint["channel_values"], {"items": ["a"]}, f"values, read {read}")
        expect_equal(t.checkpoint["versions_seen"], {"node": {"items": 1}}, f"seen, read {read}")
        expect_equal(t.metadata, {"source": "loop", "step": 0, "parents": {}}, f"meta {read}")
        expect_equal(t.pending_writes[0], ("task", "items", ["w"]), f"write, read {read}")  # type: ignore[index]  # writes were put
        expect_equal(saver.answers(thread)[0].value, ["yes"], f"answer, read {read}")
        t.checkpoint["channel_values"]["items"].append("b")
        t.checkpoint["channel_versions"]["items"] = 7
        t.checkpoint["versions_seen"]["node"]["items"] = 7
        t.metadata["parents"]["x"] = "y"
        t.pending_writes[0][2].append("x")  # type: ignore[index]  # writes were put
        saver.answers(thread)[0].value.append("no")
        listed = next(iter(saver.list(config(thread))))
        listed.checkpoint["channel_values"]["items"].append("c")
    rec2 = interrupt_record(at, "task-3", value={"options": ["y"]})
    saver.put_interrupts(at, "task-3", [rec2])
    saver.pending_interrupts(thread_id=thread)[0].value["options"].append("n")
    expect_equal(
        saver.pending_interrupts(thread_id=thread)[0].value, {"options": ["y"]}, "payload read"
    )


def check_a_write_that_cannot_be_stored_stores_nothing(saver: BaseCheckpointSaver) -> None:
    """Every write call is all or nothing: one value the serializer refuses, and none is kept."""
    thread = new_name()
    checkpoint = empty_checkpoint()
    at = saver.put(config(thread), checkpoint, CheckpointMetadata(source="loop", step=0), {})
    bad = object()
    expect_raises(TypeError, "put_writes", saver.put_writes, at, [("a", 1), ("b", bad)], "task")
    rec = interrupt_record(at, "task-2", value={"check": bad})
    expect_raises(TypeError, "put_interrupts", saver.put_interrupts, at, "task-2", [rec])
    good = interrupt_record(at, "task-2", value="ok?")
    saver.put_interrupts(at, "task-2", [good])
    expect_raises(TypeError, "put_answers", saver.put_answers, at, [answer_for(good, bad)])
    t = saver.get_tuple(at)
    assert t is not None
    expect_equal(
        [(w[0], w[1]) for w in t.pending_writes or []],
        [("task-2", INTERRUPT)],
        "only the interrupt that could be stored",
    )
    expect_equal(saver.pending_interrupts(thread_id=thread), [good], "still pending")
    expect_equal(saver.answers(thread), [], "no answer recorded")
    bad_values = empty_checkpoint()
    bad_values["channel_values"] = {"x": bad}
    bad_values["channel_versions"] = {"x": 1}
    meta = CheckpointMetadata(source="loop", step=1)
    expect_raises(TypeError, "put", saver.put, at, bad_values, meta, {"x": 1})
    latest = saver.get_tuple(config(thread))
    expect_equal(latest.config if latest else None, at, "a checkpoint that cannot be stored is not")
    expect_equal(len(saver.pending_interrupts(thread_id=thread)), 1, "nor clears interrupts")
