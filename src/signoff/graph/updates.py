"""Writing to a thread as if nodes had run: `update_state` and `bulk_update_state`.

Each superstep of updates becomes one checkpoint, stored as the child of the thread checkpoint
the config names: source "update" (values written as nodes, or `as_node=END` with no values to
finish the pending tasks), "input" (`as_node="__input__"`: the values wait as the next run's
input) or "fork" (`as_node="__copy__"`: a copy of the checkpoint as a sibling, then updated with
the `(values, as_node)` pairs given as its values, if any).

As in LangGraph 1.2, the writes of updates made as nodes (or as input) are also stored against
the checkpoint they start from, under the ids of the tasks they stand in for, so that
checkpoint's history shows them as those tasks' results; not when the thread had already moved
past it (an update of an old checkpoint forks and leaves the old one alone).

The work is one generator of saver calls (`bulk_update`), driven by `run_sync` or `run_async`.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Generator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID, uuid5

from signoff.channels import MISSING
from signoff.checkpoint.base import (
    CHECKPOINT_FORMAT,
    BaseCheckpointSaver,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    RunnableConfig,
    StepWrites,
    empty_checkpoint,
    new_checkpoint_id,
)
from signoff.constants import END, INPUT, INTERRUPT, START
from signoff.errors import InvalidUpdateError
from signoff.graph.state import channels_of, task_statuses, with_map
from signoff.runtime.apply import apply_writes, null_task, null_writes
from signoff.runtime.effects import Call
from signoff.runtime.node import Writes
from signoff.runtime.plan import Task, plan_tasks
from signoff.runtime.saving import carried_metadata
from signoff.types import StateUpdate

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph

COPY = "__copy__"

Updates = Generator[Call, Any, RunnableConfig]
"""Saver calls (each answered with the call's result), returning the last checkpoint's config."""


def check_supersteps(supersteps: Sequence[Sequence[Any]]) -> None:
    if len(supersteps) == 0:
        raise ValueError("No supersteps provided")
    if any(len(updates) == 0 for updates in supersteps):
        raise ValueError("No updates provided")


def bulk_update(
    graph: CompiledStateGraph,
    saver: BaseCheckpointSaver,
    config: RunnableConfig,
    supersteps: Sequence[Sequence[Any]],
) -> Updates:
    """Apply each superstep's updates on top of the previous one's checkpoint."""
    current = config
    for index, updates in enumerate(supersteps):
        step = [StateUpdate(*update) for update in updates]
        current = yield from _superstep(graph, saver, current, step, first=index == 0)
    return current


def run_sync(saver: BaseCheckpointSaver, work: Updates) -> RunnableConfig:
    try:
        call = next(work)
        while True:
            call = work.send(getattr(saver, call.method)(*call.args))
    except StopIteration as done:
        result: RunnableConfig = done.value
        return result


async def run_async(saver: BaseCheckpointSaver, work: Updates) -> RunnableConfig:
    try:
        call = next(work)
        while True:
            call = work.send(await getattr(saver, "a" + call.method)(*call.args))
    except StopIteration as done:
        result: RunnableConfig = done.value
        return result


class _Draft:
    """The checkpoint one superstep builds from the thread's checkpoint `saved` (None: a thread
    with none yet), and the writes to store against `saved` with it."""

    def __init__(
        self,
        graph: CompiledStateGraph,
        saver: BaseCheckpointSaver,
        config: RunnableConfig,
        saved: CheckpointTuple | None,
    ) -> None:
        self.graph = graph
        self.saver = saver
        self.config = config
        self.saved = saved
        base = saved.checkpoint if saved is not None else empty_checkpoint()
        self.checkpoint = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=base["id"],
            ts=base["ts"],
            channel_values=dict(base["channel_values"]),
            channel_versions=dict(base["channel_versions"]),
            versions_seen=dict(base["versions_seen"]),
        )
        self.channels = channels_of(graph, self.checkpoint)
        self.step: int = saved.metadata.get("step", -1) if saved is not None else -1
        self.at = saved.config if saved is not None else _thread_config(config)
        self.base_writes: list[StepWrites] = []

    def planned(self) -> list[Task]:
        """The tasks of the step `saved` starts, with the ids its history shows them under."""
        ns = self.at.get("configurable", {}).get("checkpoint_ns", "")
        return plan_tasks(self.checkpoint, self.channels, self.graph.nodes, self.step + 1, ns)

    def apply(self, tasks: list[Task]) -> set[str]:
        return apply_writes(
            self.checkpoint, self.channels, tasks, self.saver.get_next_version, self.graph.ephemeral
        )

    def put(self, source: Literal["input", "update"], step: int, changed: set[str]) -> Call:
        """The call storing the new checkpoint (with the writes kept for `saved`)."""
        checkpoint = self.checkpoint
        for name in changed:
            value = self.channels[name].checkpoint()
            if value is MISSING:
                checkpoint["channel_values"].pop(name, None)
            else:
                checkpoint["channel_values"][name] = value
        checkpoint["id"] = new_checkpoint_id()
        checkpoint["ts"] = datetime.now(timezone.utc).isoformat()
        checkpoint["updated_channels"] = sorted(changed)
        parents = self.saved.metadata.get("parents", {}) if self.saved is not None else {}
        metadata: CheckpointMetadata = {"source": source, "step": step, "parents": parents}
        metadata.update(carried_metadata(self.config))  # type: ignore[typeddict-item]  # user keys
        versions = checkpoint["channel_versions"]
        new_versions = {k: versions[k] for k in changed if k in versions}
        return Call(
            "put_step", (self.at, self.base_writes, self.at, checkpoint, metadata, new_versions)
        )

    def done(self, stored: RunnableConfig) -> RunnableConfig:
        return with_map(stored, self.saved.metadata if self.saved is not None else None)


def _superstep(
    graph: CompiledStateGraph,
    saver: BaseCheckpointSaver,
    config: RunnableConfig,
    updates: list[StateUpdate],
    *,
    first: bool,
) -> Updates:
    saved = yield Call("get_tuple", (config,))
    draft = _Draft(graph, saver, config, saved)
    values, as_node = updates[0].values, updates[0].as_node
    if as_node == END and values is None:
        if len(updates) > 1:
            raise InvalidUpdateError("Cannot apply multiple updates when clearing state")
        return draft.done((yield draft.put("update", draft.step + 1, _finish_tasks(draft))))
    if as_node == INPUT:
        if len(updates) > 1:
            raise InvalidUpdateError("Cannot apply multiple updates when updating as input")
        return (yield from _as_input(draft, values, first))
    if as_node == COPY:
        if len(updates) > 1:
            raise InvalidUpdateError("Cannot copy checkpoint with multiple updates")
        return (yield from _copy(draft, values))
    tasks = _node_tasks(draft, updates)
    if (yield from _keeps_writes(draft, first)):
        draft.base_writes = [(task.id, task.writes) for task in tasks if task.writes]
    changed = draft.apply(tasks)
    return draft.done((yield draft.put("update", draft.step + 1, changed)))


def _keeps_writes(draft: _Draft, first: bool) -> Generator[Call, Any, bool]:
    """Whether the update's writes are stored against `saved`: unless the config named it by id
    and the thread has a later checkpoint (checked for the first superstep; later ones build on
    the checkpoint the previous one stored, which is the latest)."""
    if draft.saved is None:
        return False
    conf = draft.config.get("configurable", {})
    if not first or not conf.get("checkpoint_id"):
        return True
    latest_config = {**draft.config, "configurable": {**conf, "checkpoint_id": None}}
    latest: CheckpointTuple | None = yield Call("get_tuple", (latest_config,))
    return latest is None or latest.checkpoint["id"] == draft.saved.checkpoint["id"]


def _node_tasks(draft: _Draft, updates: list[StateUpdate]) -> list[Task]:
    """One task per update, with the writes its node's writer makes of the values. A task
    reuses the id of a pending task of the same node (or the update's own `task_id`)."""
    graph = draft.graph
    pending: dict[str, deque[str]] = defaultdict(deque)
    if draft.saved is not None:
        for planned in draft.planned():
            pending[planned.name].append(planned.id)
    tasks: list[Task] = []
    for index, (values, as_node, given_id) in enumerate(_checked(draft, updates)):
        queue = pending[as_node]
        task = Task(
            id=given_id or (queue.popleft() if queue else _update_id(draft.checkpoint, index)),
            name=as_node,
            node=graph.nodes[as_node],
            input=None,
            path=(INTERRUPT, index),
            triggers=(INTERRUPT,),
            checkpoint_ns="",
            done=True,
        )
        task.writes = task.node.writer(values, _reader(draft, task))
        tasks.append(task)
    return tasks


def _reader(draft: _Draft, task: Task) -> Callable[[Writes], Any]:
    """The state the task's branches see: the checkpoint's, with the task's own writes."""
    read = draft.graph.local_reader(draft.channels)
    return lambda writes: read(task, writes)


def _checked(draft: _Draft, updates: list[StateUpdate]) -> list[tuple[Any, str, str | None]]:
    """(values, node, task id) of each update: LangGraph's errors for a missing or unknown node."""
    nodes = draft.graph.nodes
    if len(updates) == 1:
        values, as_node, given_id = updates[0]
        if as_node is None:
            as_node = infer_as_node(draft.graph, draft.checkpoint)
        if as_node is None:
            raise InvalidUpdateError("Ambiguous update, specify as_node")
        if as_node not in nodes:
            raise InvalidUpdateError(f"Node {as_node} does not exist")
        return [(values, as_node, given_id)]
    checked: list[tuple[Any, str, str | None]] = []
    for values, as_node, given_id in updates:
        if as_node is None:
            raise InvalidUpdateError("as_node is required when applying multiple updates")
        if as_node not in nodes:
            raise InvalidUpdateError(f"Node {as_node} does not exist")
        checked.append((values, as_node, given_id))
    return checked


def _finish_tasks(draft: _Draft) -> set[str]:
    """`as_node=END` without values: the pending tasks count as run, with the writes of those
    that finished (and a `Command`'s stored update) applied; nothing is left to run."""
    if draft.saved is None:
        return set()
    pending = draft.saved.pending_writes or []
    tasks = draft.planned()
    changed: set[str] = set()
    updates = null_writes(pending)
    if updates:
        changed |= draft.apply([null_task(draft.graph.start_node, updates)])
    statuses = task_statuses(pending)
    for task in tasks:
        if task.id in statuses:
            task.writes.extend(statuses[task.id].output)
    return changed | draft.apply(tasks)


def _as_input(draft: _Draft, values: Any, first: bool) -> Updates:
    """`as_node="__input__"`: the values become the input the next run starts from."""
    channel = draft.graph.input_channel
    if values is None:
        raise InvalidUpdateError(f"Received no input writes for {channel}")
    writes = [(channel, values)]
    if (yield from _keeps_writes(draft, first)):
        draft.base_writes = [(str(uuid5(UUID(draft.checkpoint["id"]), INPUT)), writes)]
    changed = draft.apply([null_task(draft.graph.start_node, writes)])
    has_step = draft.saved is not None and draft.saved.metadata.get("step") is not None
    return draft.done((yield draft.put("input", draft.step + 1 if has_step else -1, changed)))


def _copy(draft: _Draft, values: Any) -> Updates:
    """`as_node="__copy__"`: the checkpoint again, as a sibling (child of its parent); a list of
    `(values, as_node)` pairs as `values` is then applied to the copy as one more superstep."""
    saved = draft.saved
    if saved is None:
        raise InvalidUpdateError("Cannot copy a non-existent checkpoint")
    base = saved.checkpoint
    copy = Checkpoint(
        v=CHECKPOINT_FORMAT,
        id=new_checkpoint_id(),
        ts=datetime.now(timezone.utc).isoformat(),
        channel_values=dict(base["channel_values"]),
        channel_versions=dict(base["channel_versions"]),
        versions_seen=dict(base["versions_seen"]),
        updated_channels=base.get("updated_channels"),
    )
    conf = {k: v for k, v in saved.config["configurable"].items() if k != "checkpoint_id"}
    parent = saved.parent_config or {**saved.config, "configurable": conf}
    metadata: CheckpointMetadata = {
        "source": "fork",
        "step": draft.step + 1,
        "parents": saved.metadata.get("parents", {}),
    }
    stored = with_map((yield Call("put", (parent, copy, metadata, {}))), saved.metadata)
    if not isinstance(values, list) or not values:
        return stored
    for item in values:
        if not isinstance(item, Sequence):
            raise InvalidUpdateError(f"Invalid update item: {item} when copying checkpoint")
    # grouped by node, in order of first mention, as LangGraph hands them on
    grouped: dict[Any, list[StateUpdate]] = defaultdict(list)
    for item in values:
        grouped[item[1]].append(StateUpdate(item[0], item[1]))
    updates = [update for group in grouped.values() for update in group]
    return (yield from _superstep(draft.graph, draft.saver, stored, updates, first=False))


def _update_id(checkpoint: Checkpoint, index: int) -> str:
    """The id of the `index`th update of a superstep that stands in for no pending task."""
    name = INTERRUPT if index == 0 else f"{INTERRUPT}:{index}"
    return str(uuid5(UUID(checkpoint["id"]), name))


def infer_as_node(graph: CompiledStateGraph, checkpoint: Checkpoint) -> str | None:
    """The node that wrote last (LangGraph's rule): a graph's only node; START on a thread that
    never ran; None when two nodes wrote last together."""
    if len(graph.nodes) == 1:
        return next(iter(graph.nodes))
    seen = checkpoint["versions_seen"]
    if not any(v for vs in seen.values() for v in vs.values()):
        return START
    last = sorted((v, n) for n, vs in seen.items() if n in graph.nodes for v in vs.values())
    if not last:
        return None
    if len(last) == 1 or last[-1][0] != last[-2][0]:
        return last[-1][1]
    return None


def _thread_config(config: RunnableConfig) -> RunnableConfig:
    conf = config.get("configurable", {})
    return {
        "configurable": {
            "thread_id": conf.get("thread_id"),
            "checkpoint_ns": conf.get("checkpoint_ns", ""),
        }
    }
