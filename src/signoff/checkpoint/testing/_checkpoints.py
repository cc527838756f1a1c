"""Conformance checks for checkpoints: put/get, history listing, namespaces, writes, deletion."""

from __future__ import annotations

import itertools

from signoff.checkpoint.base import (
    BaseCheckpointSaver,
    CheckpointMetadata,
    StepWrites,
    empty_checkpoint,
)
from signoff.checkpoint.testing._support import (
    Chain,
    checkpoint_id,
    child,
    config,
    expect,
    expect_equal,
    expect_raises,
    ids,
    new_name,
)
from signoff.constants import ERROR, INTERRUPT, RESUME


def check_put_and_get(saver: BaseCheckpointSaver) -> None:
    """The latest checkpoint, one by id, parent links, values carried over by version."""
    thread = new_name()
    chain = Chain(saver, thread)
    first = chain.put({"doc": "x" * 1000, "n": 0}, CheckpointMetadata(source="input", step=-1))
    second = chain.put({"n": 1})
    expect_equal(first["configurable"]["thread_id"], thread, "put returns the thread id")
    expect_equal(first["configurable"]["checkpoint_ns"], "", "put returns the namespace")
    latest = saver.get_tuple(config(thread))
    expect(latest is not None, "get_tuple finds the thread's latest checkpoint")
    assert latest is not None
    expect_equal(latest.config, second, "latest checkpoint's config")
    expect_equal(latest.checkpoint["channel_values"], {"doc": "x" * 1000, "n": 1}, "values")
    expect_equal(latest.checkpoint["id"], checkpoint_id(second), "checkpoint id")
    assert chain.checkpoint is not None
    for key in ("v", "ts", "channel_versions", "versions_seen"):
        expect_equal(latest.checkpoint[key], chain.checkpoint[key], f"checkpoint[{key!r}]")
    expect_equal(latest.metadata, {"source": "loop", "step": 0}, "metadata")
    expect_equal(latest.parent_config, first, "parent_config names the parent")
    expect_equal(latest.pending_writes, [], "no pending writes yet")
    older = saver.get_tuple(first)
    expect(older is not None, "get_tuple finds a checkpoint by id")
    assert older is not None
    expect_equal(older.checkpoint["channel_values"], {"doc": "x" * 1000, "n": 0}, "old values")
    expect_equal(older.parent_config, None, "the first checkpoint has no parent")
    expect_equal(older.metadata, {"source": "input", "step": -1}, "old metadata")
    expect_equal(saver.get(first), older.checkpoint, "get() is get_tuple().checkpoint")


def check_missing(saver: BaseCheckpointSaver) -> None:
    thread = new_name()
    expect_equal(saver.get_tuple(config(thread)), None, "unknown thread")
    Chain(saver, thread).put({"a": 1})
    expect_equal(saver.get_tuple(config(thread, "no-such-id")), None, "unknown checkpoint id")
    expect_equal(saver.get_tuple(config(thread, ns="sub:1")), None, "unknown namespace")
    expect_equal(saver.get_tuple({"configurable": {}}), None, "config without thread_id")
    expect_equal(list(saver.list(config(new_name()))), [], "list of an unknown thread")
    expect_raises(ValueError, "put without thread_id", saver.put, {}, empty_checkpoint(), {}, {})


def check_cleared_channel(saver: BaseCheckpointSaver) -> None:
    """A channel given a new version but no value is empty in the child, kept in the parent."""
    thread = new_name()
    chain = Chain(saver, thread)
    first = chain.put({"a": 1, "b": 2})
    chain.put({"a": 3}, cleared=("b",))
    latest = saver.get_tuple(config(thread))
    assert latest is not None
    expect_equal(latest.checkpoint["channel_values"], {"a": 3}, "cleared channel is gone")
    expect("b" in latest.checkpoint["channel_versions"], "cleared channel keeps a version")
    old = saver.get_tuple(first)
    assert old is not None
    expect_equal(old.checkpoint["channel_values"], {"a": 1, "b": 2}, "parent is unchanged")


def check_fork(saver: BaseCheckpointSaver) -> None:
    """Two children of one checkpoint keep their own values (versions never clash)."""
    thread = new_name()
    chain = Chain(saver, thread)
    root = chain.put({"x": "root"})
    left = chain.put({"x": "left"}, parent=root)
    right = chain.put({"x": "right"}, parent=root)
    for cfg, value in ((left, "left"), (right, "right"), (root, "root")):
        t = saver.get_tuple(cfg)
        assert t is not None
        expect_equal(t.checkpoint["channel_values"]["x"], value, f"value at {checkpoint_id(cfg)}")
    latest = saver.get_tuple(config(thread))
    expect_equal(checkpoint_id(latest), checkpoint_id(right), "latest is the newest fork")
    expect_equal(latest.parent_config if latest else None, root, "fork's parent")


def check_list(saver: BaseCheckpointSaver) -> None:
    """Newest first; `before`, `limit`, a checkpoint id in the config."""
    thread = new_name()
    chain = Chain(saver, thread)
    for i in range(5):
        chain.put({"i": i})
    newest_first = [checkpoint_id(c) for c in reversed(chain.configs)]
    expect_equal(ids(saver.list(config(thread))), newest_first, "list order")
    expect_equal(ids(saver.list(config(thread), limit=2)), newest_first[:2], "limit")
    expect_equal(ids(saver.list(config(thread), limit=0)), [], "limit=0")
    before = chain.configs[2]
    expect_equal(ids(saver.list(config(thread), before=before)), newest_first[3:], "before")
    expect_equal(
        ids(saver.list(config(thread), before=before, limit=1)), newest_first[3:4], "before+limit"
    )
    one = chain.configs[1]
    expect_equal(ids(saver.list(one)), [checkpoint_id(one)], "list of a config naming a checkpoint")
    values = [t.checkpoint["channel_values"]["i"] for t in saver.list(config(thread))]
    expect_equal(values, [4, 3, 2, 1, 0], "listed values")
    other = new_name()
    Chain(saver, other).put({"i": 9})
    expect_equal(ids(saver.list(config(thread))), newest_first, "other threads are not listed")
    mine = {thread, other}
    everything = [t for t in saver.list(None) if t.config["configurable"]["thread_id"] in mine]
    expect_equal(len(everything), 6, "list(None) spans threads")
    expect(ids(everything) == sorted(ids(everything), reverse=True), "list(None) is newest first")  # type: ignore[type-var]  # ids are str here


def check_metadata_filter(saver: BaseCheckpointSaver) -> None:
    thread = new_name()
    run = new_name("run")
    chain = Chain(saver, thread)
    chain.put({"a": 0}, CheckpointMetadata(source="input", step=-1, run_id=run))
    chain.put({"a": 1}, CheckpointMetadata(source="loop", step=0, run_id=run, parents={}))
    chain.put({"a": 2}, {"source": "update", "step": 1, "user": {"name": "ann"}, "flag": True})
    newest = [checkpoint_id(c) for c in reversed(chain.configs)]
    at = config(thread)
    expect_equal(ids(saver.list(at, filter={"source": "loop"})), [newest[1]], "str filter")
    expect_equal(ids(saver.list(at, filter={"step": 1})), [newest[0]], "int filter")
    expect_equal(ids(saver.list(at, filter={"step": 1, "source": "loop"})), [], "two keys: both")
    expect_equal(ids(saver.list(at, filter={"run_id": run})), newest[1:], "several match")
    expect_equal(ids(saver.list(at, filter={"user": {"name": "ann"}})), [newest[0]], "dict filter")
    expect_equal(ids(saver.list(at, filter={"flag": True})), [newest[0]], "bool filter")
    expect_equal(ids(saver.list(at, filter={"parents": {}})), [newest[1]], "empty-dict filter")
    expect_equal(ids(saver.list(at, filter={"run_id": None})), [newest[0]], "None matches missing")
    expect_equal(ids(saver.list(at, filter={"source": "fork"})), [], "no match")
    expect_equal(ids(saver.list(at, filter={"run_id": run}, limit=1)), [newest[1]], "filter+limit")
    across = [t for t in saver.list(None, filter={"run_id": run})]
    expect_equal(ids(across), newest[1:], "filter across threads")


def check_namespaces(saver: BaseCheckpointSaver) -> None:
    thread = new_name()
    root = Chain(saver, thread)
    sub = Chain(saver, thread, ns="child:1")
    root_cfg = root.put({"where": "root"})
    sub_cfg = sub.put(
        {"where": "sub"},
        CheckpointMetadata(source="loop", step=0, parents={"": checkpoint_id(root_cfg) or ""}),
    )
    expect_equal(sub_cfg["configurable"]["checkpoint_ns"], "child:1", "put keeps the namespace")
    latest_root = saver.get_tuple(config(thread))
    latest_sub = saver.get_tuple(config(thread, ns="child:1"))
    assert latest_root is not None and latest_sub is not None
    expect_equal(latest_root.checkpoint["channel_values"], {"where": "root"}, "root namespace")
    expect_equal(latest_sub.checkpoint["channel_values"], {"where": "sub"}, "child namespace")
    expect_equal(latest_sub.config, sub_cfg, "child config")
    expect_equal(ids(saver.list(config(thread))), [checkpoint_id(root_cfg)], "list of ns ''")
    every = ids(saver.list({"configurable": {"thread_id": thread}}))
    expect_equal(sorted(every), sorted([checkpoint_id(root_cfg), checkpoint_id(sub_cfg)]), "all ns")
    saver.put_writes(sub_cfg, [("x", 1)], "t1")
    expect_equal(saver.get_tuple(config(thread)).pending_writes, [], "writes stay in their ns")  # type: ignore[union-attr]  # found above


def check_pending_writes(saver: BaseCheckpointSaver) -> None:
    """Writes are kept per task in order; a retry stores nothing new; special channels replace."""
    thread = new_name()
    at = Chain(saver, thread).put({"a": 0})
    saver.put_writes(at, [("a", 1), ("b", "x")], "task-1", "path-1")
    saver.put_writes(at, [("a", 99), ("b", "retry")], "task-1", "path-1")
    saver.put_writes(at, [("a", 2)], "task-2")
    saver.put_writes(at, [(ERROR, "boom")], "task-3")
    saver.put_writes(at, [(ERROR, "boom again")], "task-3")
    saver.put_writes(at, [(INTERRUPT, ["first"])], "task-4")
    saver.put_writes(at, [(INTERRUPT, ["second"])], "task-4")
    saver.put_writes(at, [(RESUME, "r1")], "task-5")
    saver.put_writes(at, [(RESUME, "r2")], "task-5")
    t = saver.get_tuple(config(thread))
    assert t is not None
    writes = t.pending_writes or []
    by_task: dict[str, list[tuple[str, object]]] = {}
    for task_id, channel, value in writes:
        by_task.setdefault(task_id, []).append((channel, value))
    expect_equal(by_task["task-1"], [("a", 1), ("b", "x")], "a retry does not replace writes")
    expect_equal(by_task["task-2"], [("a", 2)], "second task")
    expect_equal(by_task["task-3"], [(ERROR, "boom again")], "__error__ replaces")
    expect_equal(by_task["task-4"], [(INTERRUPT, ["second"])], "__interrupt__ replaces")
    expect_equal(by_task["task-5"], [(RESUME, "r2")], "__resume__ replaces")
    expect_equal(len(writes), 6, "no other writes")
    expect_equal(
        [w for w in writes if w[0] in ("task-1", "task-2")],
        [("task-1", "a", 1), ("task-1", "b", "x"), ("task-2", "a", 2)],
        "writes in the order they were put",
    )
    listed = next(iter(saver.list(config(thread))))
    expect_equal(listed.pending_writes, writes, "list() returns the same pending writes")
    expect_raises(
        ValueError,
        "writes to a missing checkpoint",
        saver.put_writes,
        config(thread, "nope"),
        [("a", 1)],
        "t",
    )


def check_delete_thread(saver: BaseCheckpointSaver) -> None:
    gone, kept = new_name(), new_name()
    for thread in (gone, kept):
        chain = Chain(saver, thread)
        chain.put({"a": 1})
        at = chain.put({"a": 2})
        saver.put_writes(at, [("a", 3)], "task")
        Chain(saver, thread, ns="child:1").put({"b": 1})
    saver.delete_thread(gone)
    expect_equal(saver.get_tuple(config(gone)), None, "deleted thread has no checkpoint")
    expect_equal(saver.get_tuple(config(gone, ns="child:1")), None, "nor subgraph checkpoints")
    expect_equal(list(saver.list({"configurable": {"thread_id": gone}})), [], "nor history")
    remaining = saver.get_tuple(config(kept))
    expect(remaining is not None, "other threads are untouched")
    assert remaining is not None
    expect_equal(remaining.pending_writes, [("task", "a", 3)], "other threads keep writes")
    expect_equal(len(list(saver.list({"configurable": {"thread_id": kept}}))), 3, "and history")
    saver.delete_thread(new_name())  # deleting an unknown thread is fine


def check_next_version(saver: BaseCheckpointSaver) -> None:
    versions = [saver.get_next_version(None, "ch")]
    for _ in range(12):
        versions.append(saver.get_next_version(versions[-1], "ch"))
    for older, newer in itertools.pairwise(versions):
        expect(newer > older, f"version {newer!r} follows {older!r}")  # type: ignore[operator]  # a saver's versions share one type
    expect_equal(len(set(versions)), len(versions), "versions are distinct")


def check_put_step(saver: BaseCheckpointSaver) -> None:
    """A step's task writes and its next checkpoint, stored together: all of it or none of it."""
    thread = new_name()
    chain = Chain(saver, thread)
    at = chain.put({"a": 0, "doc": "d"})
    nxt, new_versions = child(saver, chain.checkpoint, {"a": 1})
    writes: list[StepWrites] = [("t1", [("a", 1)]), ("t2", [("b", 2), ("c", [3])])]
    meta = CheckpointMetadata(source="loop", step=1)
    stored = saver.put_step(at, writes, at, nxt, meta, new_versions)
    expect_equal(checkpoint_id(stored), nxt["id"], "put_step returns the new checkpoint's config")
    before = saver.get_tuple(at)
    expect_equal(
        before.pending_writes if before else None,
        [("t1", "a", 1), ("t2", "b", 2), ("t2", "c", [3])],
        "the writes, against the step's checkpoint, in order",
    )
    latest = saver.get_tuple(config(thread))
    assert latest is not None
    expect_equal(latest.config, stored, "the new checkpoint is the latest")
    expect_equal(latest.checkpoint["channel_values"], {"a": 1, "doc": "d"}, "its values")
    expect_equal(latest.parent_config, at, "its parent")
    expect_equal(latest.metadata, {"source": "loop", "step": 1}, "its metadata")

    bad, bad_versions = child(saver, nxt, {"x": object()})
    expect_raises(
        TypeError,
        "put_step with a value that cannot be stored",
        saver.put_step,
        stored,
        [("t3", [("a", 2)])],
        stored,
        bad,
        meta,
        bad_versions,
    )
    after = saver.get_tuple(stored)
    expect_equal(after.pending_writes if after else None, [], "none of its writes are kept")
    latest = saver.get_tuple(config(thread))
    expect_equal(latest.config if latest else None, stored, "nor its checkpoint")
    lost = config(thread, "no-such-checkpoint")
    good, good_versions = child(saver, nxt, {"a": 3})
    expect_raises(
        ValueError,
        "put_step with writes against a missing checkpoint",
        saver.put_step,
        lost,
        [("t4", [("a", 3)])],
        stored,
        good,
        meta,
        good_versions,
    )
    expect_equal(saver.get_tuple(config(thread, good["id"])), None, "nothing of it is stored")


def check_put_batch(saver: BaseCheckpointSaver) -> None:
    """Several writes in one call, in order; on a saver that groups writes, all or nothing."""
    thread = new_name()
    chain = Chain(saver, thread)
    at = chain.put({"a": 0})
    first, first_versions = child(saver, chain.checkpoint, {"a": 1})
    second, second_versions = child(saver, first, {"a": 2, "b": "x"})
    first_at = config(thread, first["id"])
    meta = CheckpointMetadata(source="loop", step=1)
    saver.put_batch(
        [
            ("put_step", (at, [("t1", [("a", 1)])], at, first, meta, first_versions)),
            ("put_writes", (first_at, [("a", 2)], "t2", "")),
            ("put", (first_at, second, meta, second_versions)),
        ]
    )
    latest = saver.get_tuple(config(thread))
    expect_equal(checkpoint_id(latest), second["id"], "the batch's last checkpoint is the latest")
    expect_equal(
        latest.checkpoint["channel_values"] if latest else None, {"a": 2, "b": "x"}, "its values"
    )
    expect_equal(checkpoint_id(latest.parent_config if latest else None), first["id"], "parent")
    middle = saver.get_tuple(first_at)
    expect_equal(
        middle.pending_writes if middle else None,
        [("t2", "a", 2)],
        "a write against a checkpoint put earlier in the same batch",
    )
    expect_raises(ValueError, "a batch of a method it cannot hold", saver.put_batch, [("get", ())])

    # a checkpoint carrying a value stored under no version yet (as a fork of a pruned one does)
    carrier, carrier_versions = child(saver, second, {"a": 5})
    carrier["channel_values"]["c"] = "carried"
    carrier["channel_versions"]["c"] = saver.get_next_version(None, "c")
    saver.put_batch([("put", (config(thread, second["id"]), carrier, meta, carrier_versions))])
    stored = saver.get_tuple(config(thread, carrier["id"]))
    expect_equal(
        stored.checkpoint["channel_values"] if stored else None,
        {"a": 5, "b": "x", "c": "carried"},
        "a carried value never stored before is stored with the batch",
    )
    second = carrier
    if not saver.groups_writes:
        return
    third, third_versions = child(saver, second, {"a": 3})
    second_at = config(thread, second["id"])
    expect_raises(
        ValueError,
        "a batch whose last write is against a missing checkpoint",
        saver.put_batch,
        [
            ("put", (second_at, third, meta, third_versions)),
            ("put_writes", (config(thread, "no-such-checkpoint"), [("a", 4)], "t3", "")),
        ],
    )
    expect_equal(
        saver.get_tuple(config(thread, third["id"])), None, "nothing of the failed batch is stored"
    )
