"""Building blocks of the conformance checks: fresh thread ids, checkpoint chains, records, asserts.

Every check works on thread ids (and graph names) of its own, so the suite may run against a
database that other checks, or other runs, also use.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, cast

from signoff.checkpoint.base import (
    AnswerRecord,
    BaseCheckpointSaver,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    InterruptRecord,
    RunnableConfig,
    empty_checkpoint,
)

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)


def new_name(kind: str = "thread") -> str:
    return f"conformance-{kind}-{uuid.uuid4().hex[:12]}"


def config(thread_id: str, checkpoint_id: str | None = None, ns: str = "") -> RunnableConfig:
    conf: dict[str, Any] = {"thread_id": thread_id, "checkpoint_ns": ns}
    if checkpoint_id is not None:
        conf["checkpoint_id"] = checkpoint_id
    return {"configurable": conf}


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def expect_equal(actual: Any, expected: Any, what: str) -> None:
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def expect_raises(
    error: type[BaseException], what: str, fn: Any, *args: Any, **kwargs: Any
) -> None:
    try:
        fn(*args, **kwargs)
    except error:
        return
    raise AssertionError(f"{what}: expected {error.__name__}, nothing was raised")


class Chain:
    """Successive checkpoints of one thread and namespace, put the way the runtime puts them:
    versions from `saver.get_next_version`, `new_versions` listing only the changed channels."""

    def __init__(self, saver: BaseCheckpointSaver, thread_id: str, ns: str = "") -> None:
        self.saver = saver
        self.thread_id = thread_id
        self.ns = ns
        self.head: RunnableConfig = config(thread_id, ns=ns)
        self.checkpoint: Checkpoint | None = None
        self.configs: list[RunnableConfig] = []

    def put(
        self,
        changes: Mapping[str, Any],
        metadata: Mapping[str, Any] | None = None,
        *,
        cleared: tuple[str, ...] = (),
        parent: RunnableConfig | None = None,
    ) -> RunnableConfig:
        """Put a child of `parent` (default: the last put) with `changes` applied to its values."""
        base = self.checkpoint
        if parent is not None:
            found = self.saver.get_tuple(parent)
            expect(found is not None, f"parent {parent} exists")
            base = found.checkpoint if found else None
        checkpoint, new_versions = child(self.saver, base, changes, cleared)
        step = len(self.configs) - 1
        meta = cast(
            CheckpointMetadata,
            metadata if metadata is not None else {"source": "loop", "step": step},
        )
        self.head = self.saver.put(parent or self.head, checkpoint, meta, new_versions)
        self.checkpoint = checkpoint
        self.configs.append(self.head)
        return self.head


def child(
    saver: BaseCheckpointSaver,
    base: Checkpoint | None,
    changes: Mapping[str, Any],
    cleared: tuple[str, ...] = (),
) -> tuple[Checkpoint, dict[str, Any]]:
    """A new checkpoint with `changes` applied to `base`'s values, and its `new_versions`."""
    checkpoint = empty_checkpoint()
    new_versions: dict[str, Any] = {}
    if base is not None:
        checkpoint["channel_values"] = dict(base["channel_values"])
        checkpoint["channel_versions"] = dict(base["channel_versions"])
        checkpoint["versions_seen"] = {k: dict(v) for k, v in base["versions_seen"].items()}
    for channel in [*changes, *cleared]:
        current = checkpoint["channel_versions"].get(channel)
        new_versions[channel] = saver.get_next_version(current, channel)
        checkpoint["channel_versions"][channel] = new_versions[channel]
    checkpoint["channel_values"].update(changes)
    for channel in cleared:
        checkpoint["channel_values"].pop(channel, None)
    checkpoint["versions_seen"]["node"] = dict(checkpoint["channel_versions"])
    return checkpoint, new_versions


def checkpoint_id(t: CheckpointTuple | RunnableConfig | None) -> str | None:
    if t is None:
        return None
    conf = t.config if isinstance(t, CheckpointTuple) else t
    cid: str | None = conf["configurable"].get("checkpoint_id")
    return cid


def interrupt_record(
    at: RunnableConfig,
    task_id: str,
    *,
    index: int = 0,
    value: Any = "Approve?",
    node: str = "review",
    graph: str | None = None,
    created_at: datetime | None = None,
    **extra: Any,
) -> InterruptRecord:
    conf = at["configurable"]
    return InterruptRecord(
        thread_id=conf["thread_id"],
        checkpoint_ns=conf.get("checkpoint_ns", ""),
        checkpoint_id=conf["checkpoint_id"],
        task_id=task_id,
        interrupt_id=uuid.uuid4().hex,
        node=node,
        value=value,
        index=index,
        fingerprint=f"str:{value}" if isinstance(value, str) else "type:other",
        graph=graph,
        created_at=created_at or T0 + timedelta(seconds=index),
        **extra,
    )


def answer_for(rec: InterruptRecord, value: Any, *, by: str | None = None) -> AnswerRecord:
    return AnswerRecord(
        thread_id=rec.thread_id,
        checkpoint_ns=rec.checkpoint_ns,
        checkpoint_id=rec.checkpoint_id,
        task_id=rec.task_id,
        interrupt_id=rec.interrupt_id,
        value=value,
        answered_by=by,
        fingerprint=rec.fingerprint,
        node=rec.node,
    )


def ids(tuples: Any) -> list[str | None]:
    return [checkpoint_id(t) for t in tuples]
