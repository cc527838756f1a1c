"""Planning a step: which tasks run next, with what input, under which ids.

A task is either PUSH (a `Send` packet written in the previous step) or PULL (a node one of whose
trigger channels changed since the node last ran). Task ids are derived from the checkpoint the
step starts from, so a step planned again after a crash or an interrupt gets the same ids and
finds the writes and answers stored for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from signoff.channels import BaseChannel
from signoff.checkpoint.base import Checkpoint
from signoff.constants import NS_END, NS_SEP, PULL, PUSH, TASKS
from signoff.runtime.node import NodeSpec, Writes
from signoff.types import Interrupt, Send


@dataclass(slots=True, eq=False)
class Task:
    """One node run of a step, and what came of it."""

    id: str
    name: str
    node: NodeSpec
    input: Any
    path: tuple[str, str | int] | tuple[str, int, bool]
    triggers: tuple[str, ...]
    checkpoint_ns: str
    """`node:task_id`, under the parent's namespace for subgraphs: names this task's interrupts."""
    send: Send | None = None
    writes: Writes = field(default_factory=list)
    interrupts: tuple[Interrupt[Any], ...] = ()
    error: BaseException | None = None
    taken_null: dict[str, Any] = field(default_factory=dict)
    """Interrupt id → null-resume value this task consumed (recorded as an answer)."""
    done: bool = False
    """Finished, in this run or (restored from stored writes) in an earlier one."""
    restored: bool = False
    shown: bool = False
    """Its update and result were streamed when it finished (see `TaskRunner.show_finished`)."""
    handler: Task | None = None
    """The error-handler task that ran for this task's `error` (see `runtime/handlers.py`)."""

    @property
    def sort_key(self) -> tuple[str, str]:
        kind, where = self.path[0], self.path[1]
        return (kind, f"{where:>12}" if isinstance(where, int) else where)


def task_id(
    checkpoint_id: str, checkpoint_ns: str, step: int, name: str, kind: str, where: Any
) -> str:
    """A UUID-shaped id, the same whenever this step is planned from this checkpoint."""
    text = f"{checkpoint_id}\x00{checkpoint_ns}\x00{step}\x00{name}\x00{kind}\x00{where}"
    h = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def task_namespace(parent_ns: str, name: str, tid: str) -> str:
    own = f"{name}{NS_END}{tid}"
    return f"{parent_ns}{NS_SEP}{own}" if parent_ns else own


def read_input(node: NodeSpec, channels: Mapping[str, BaseChannel]) -> Any:
    """A PULL task's input: the node's state keys that hold a value (or its single channel)."""
    if node.read_single is not None:
        return channels[node.read_single].get()
    values = {}
    for key in node.reads:
        ch = channels[key]
        if ch.is_available():
            values[key] = ch.value
    return node.mapper(values) if node.mapper is not None else values


def is_triggered(
    node: NodeSpec,
    channels: Mapping[str, BaseChannel],
    versions: Mapping[str, Any],
    seen: Mapping[str, Any] | None,
) -> bool:
    for trigger in node.triggers:
        ch = channels[trigger]
        if not ch.is_available():
            continue
        version = versions.get(trigger)
        if version is None:
            continue
        last = None if seen is None else seen.get(trigger)
        if last is None or version > last:
            return True
    return False


def plan_tasks(
    checkpoint: Checkpoint,
    channels: Mapping[str, BaseChannel],
    nodes: Mapping[str, NodeSpec],
    step: int,
    parent_ns: str,
    candidates: Iterable[str] | None = None,
) -> list[Task]:
    """The tasks of the step that starts from `checkpoint`: PUSH tasks first, then PULL ones."""
    tasks: list[Task] = []
    cid = checkpoint["id"]
    topic = channels.get(TASKS)
    if topic is not None and topic.is_available():
        for idx, packet in enumerate(topic.value):
            if not isinstance(packet, Send):
                continue
            node = nodes.get(packet.node)
            if node is None:  # refused when sent (assemble.checked_send); kept for old checkpoints
                continue
            tid = task_id(cid, parent_ns, step, packet.node, PUSH, idx)
            tasks.append(
                Task(
                    id=tid,
                    name=packet.node,
                    node=node,
                    input=packet.arg,
                    path=(PUSH, idx, False),
                    triggers=(PUSH,),
                    checkpoint_ns=task_namespace(parent_ns, packet.node, tid),
                    send=packet,
                )
            )
    versions = checkpoint["channel_versions"]
    seen_all = checkpoint["versions_seen"]
    # As LangGraph: nodes triggered by the channels the last step updated, by name; without that
    # (a checkpoint read for its snapshot, a finished run) every node in declaration order.
    names = nodes if candidates is None else sorted(set(candidates))
    for name in names:
        node = nodes[name]
        if not node.triggers or not is_triggered(node, channels, versions, seen_all.get(name)):
            continue
        tid = task_id(cid, parent_ns, step, name, PULL, name)
        tasks.append(
            Task(
                id=tid,
                name=name,
                node=node,
                input=read_input(node, channels),
                path=(PULL, name),
                triggers=node.triggers,
                checkpoint_ns=task_namespace(parent_ns, name, tid),
            )
        )
    return tasks


def trigger_index(nodes: Mapping[str, NodeSpec]) -> dict[str, tuple[str, ...]]:
    """Channel → the nodes it triggers, to plan only nodes whose triggers changed."""
    index: dict[str, list[str]] = {}
    for name, node in nodes.items():
        for trigger in node.triggers:
            index.setdefault(trigger, []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def candidates_for(
    updated: Iterable[str] | None, index: Mapping[str, tuple[str, ...]]
) -> set[str] | None:
    if updated is None:
        return None
    out: set[str] = set()
    for channel in updated:
        out.update(index.get(channel, ()))
    return out
