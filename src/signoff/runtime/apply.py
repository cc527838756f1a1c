"""Applying a finished step: its tasks' writes go into the channels in one deterministic order.

Order matters for reducers (`operator.add` on lists) and for conflicts on last-value keys, so
writes are applied by task path (PUSH tasks by index, then PULL tasks by node name), never in the
order tasks happened to finish.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any

from signoff.channels import MISSING, BaseChannel, BinaryOperatorAggregate
from signoff.checkpoint.base import ChannelVersion, Checkpoint
from signoff.constants import ERROR, INTERRUPT, NO_WRITES, NULL_TASK_ID, RESUME, RETURN, TASKS
from signoff.errors import InvalidUpdateError
from signoff.runtime.node import NodeSpec, Writes
from signoff.runtime.plan import Task

SPECIAL = frozenset({ERROR, INTERRUPT, RESUME, NO_WRITES, RETURN})
"""Write keys that record what happened to a task rather than change the state."""

NextVersion = Callable[[ChannelVersion | None, str], ChannelVersion]


def apply_writes(
    checkpoint: Checkpoint,
    channels: MutableMapping[str, BaseChannel],
    tasks: Sequence[Task],
    next_version: NextVersion,
    ephemeral: Iterable[str],
    top: ChannelVersion | None = None,
) -> set[str]:
    """Apply `tasks`' writes to `channels`, bump versions, and return the channels whose version
    changed (written, cleared, or consumed).

    Also records, per node, the trigger versions it has now seen (so it does not run again for the
    same change) and lets trigger channels consume what their tasks took. `top`, when the caller
    knows it, is the highest version in the checkpoint (saves a pass over every channel).
    """
    versions = checkpoint["channel_versions"]
    seen = checkpoint["versions_seen"]
    ordered = sorted(tasks, key=lambda t: t.sort_key) if len(tasks) > 1 else tasks
    for task in ordered:
        if task.send is None and task.triggers:
            node_seen = dict(seen.get(task.name, ()))  # copied: saved checkpoints share the old one
            for trigger in task.triggers:
                if trigger in versions:
                    node_seen[trigger] = versions[trigger]
            seen[task.name] = node_seen
    if top is None and versions:
        top = max(versions.values())
    new_version = next_version(top, "")
    updated: set[str] = set()
    consumed = {t for task in ordered for t in task.triggers if t in channels}
    for name in consumed:
        if channels[name].consume():
            versions[name] = new_version
            updated.add(name)
    grouped: dict[str, list[Any]] = {}
    for task in ordered:
        for channel, value in task.writes:
            if channel in SPECIAL or channel not in channels:
                continue
            bucket = grouped.get(channel)
            if bucket is None:
                grouped[channel] = [value]
            else:
                bucket.append(value)
    for name, values in grouped.items():
        try:
            changed = channels[name].update(values)
        except Exception as exc:
            # The error keeps its type and message (as in LangGraph, which callers may catch);
            # a note names the state key and the nodes whose writes were refused.
            if not isinstance(exc, InvalidUpdateError) and hasattr(exc, "add_note"):
                writers = sorted({t.name for t in ordered if any(c == name for c, _ in t.writes)})
                exc.add_note(
                    f"While applying writes to state key '{name}' from node "
                    f"{', '.join(repr(w) for w in writers)}"
                )
            raise
        if changed:
            versions[name] = new_version
            updated.add(name)
    if ordered:
        for name in ephemeral:
            if name not in grouped and channels[name].update(()):
                versions[name] = new_version
                updated.add(name)
    checkpoint["updated_channels"] = sorted(updated)
    return updated


def finish_channels(
    checkpoint: Checkpoint,
    channels: Mapping[str, BaseChannel],
    next_version: NextVersion,
) -> set[str]:
    """Give deferred nodes (barriers waiting for the end) their chance when nothing else runs."""
    versions = checkpoint["channel_versions"]
    updated = {name for name, ch in channels.items() if ch.finish()}
    if updated:
        new_version = next_version(max(versions.values()) if versions else None, "")
        for name in updated:
            versions[name] = new_version
    return updated


def ephemeral_channels(channels: Mapping[str, BaseChannel]) -> frozenset[str]:
    return frozenset(name for name, ch in channels.items() if ch.cleared_each_step or name == TASKS)


def probe_writes(channels: Mapping[str, BaseChannel], writes: Writes) -> None:
    """Apply the input's writes to throwaway copies of the reducer channels they reach, so a
    reducer that refuses the input raises before the input checkpoint is stored."""
    grouped: dict[str, list[Any]] = {}
    for key, value in writes:
        if isinstance(channels.get(key), BinaryOperatorAggregate):
            grouped.setdefault(key, []).append(value)
    for key, values in grouped.items():
        channel = channels[key]
        current = channel.checkpoint()
        probe = channel.from_checkpoint(copy.copy(current) if current is not MISSING else MISSING)
        probe.update(values)


def null_writes(pending: Iterable[tuple[str, str, Any]]) -> list[tuple[str, Any]]:
    """The state updates stored for the paused step by `Command(update=...)` without a task of
    its own (task id `NULL_TASK_ID`): they apply whenever the step is read or resumed."""
    return [(c, v) for t, c, v in pending if t == NULL_TASK_ID and c not in SPECIAL]


def null_task(start_node: NodeSpec, writes: Writes) -> Task:
    """The pseudo-task whose writes are a run's input or a `Command`'s update (no node ran)."""
    return Task(
        id=NULL_TASK_ID,
        name="__input__",
        node=start_node,
        input=None,
        path=("", ""),
        triggers=(),
        checkpoint_ns="",
        writes=writes,
        done=True,
    )
