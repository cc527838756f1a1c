"""Reading and editing a thread's stored state: snapshots for `get_state` / `get_state_history`, and
the checkpoint `update_state` writes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from signoff.channels import MISSING, BaseChannel
from signoff.checkpoint.base import (
    CHECKPOINT_FORMAT,
    BaseCheckpointSaver,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    RunnableConfig,
    empty_checkpoint,
    new_checkpoint_id,
)
from signoff.constants import END, ERROR, INTERRUPT, NULL_TASK_ID, RESUME, START
from signoff.errors import InvalidUpdateError
from signoff.runtime.apply import apply_writes, null_task, null_writes
from signoff.runtime.plan import Task, plan_tasks
from signoff.runtime.saving import carried_metadata
from signoff.types import Interrupt, PregelTask, StateSnapshot

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph


def channels_of(graph: CompiledStateGraph, checkpoint: Checkpoint) -> dict[str, BaseChannel]:
    values = checkpoint["channel_values"]
    return {k: spec.from_checkpoint(values.get(k, MISSING)) for k, spec in graph.channels.items()}


def snapshot(
    graph: CompiledStateGraph,
    saved: CheckpointTuple | None,
    config: RunnableConfig,
    *,
    live: bool = False,
    subgraphs: bool = False,
    saver: Any = None,
) -> StateSnapshot:
    """What `get_state` / `get_state_history` show for a checkpoint.

    `live` (the thread's current state): values include the output of tasks that already
    finished, `next` lists only tasks still to run, interrupts only those still unanswered.
    Otherwise a record of the step: values at its start, all its tasks, the interrupts raised.
    A task of a node that runs a subgraph shows that subgraph's state (`subgraphs`, read from
    `saver`) or, as in LangGraph, the config naming it.
    """
    if saved is None:
        return StateSnapshot({}, (), config, None, None, None, (), ())
    checkpoint = saved.checkpoint
    channels = channels_of(graph, checkpoint)
    updates = null_writes(saved.pending_writes or ())
    if updates:  # `Command(update=...)` given while the step was paused: shown applied
        checkpoint = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=checkpoint["id"],
            ts=checkpoint["ts"],
            channel_values={},
            channel_versions=dict(checkpoint["channel_versions"]),
            versions_seen={k: dict(v) for k, v in checkpoint["versions_seen"].items()},
        )
        apply_writes(checkpoint, channels, [null_task(graph.start_node, updates)], _bump, ())
    step = saved.metadata.get("step", -1) + 1
    ns = saved.config.get("configurable", {}).get("checkpoint_ns", "")
    tasks = plan_tasks(checkpoint, channels, graph.nodes, step, ns)
    statuses = task_statuses(saved.pending_writes or [])
    views: list[PregelTask] = []
    finished: list[Task] = []
    thread_id = saved.config.get("configurable", {}).get("thread_id")
    for task in tasks:
        status = statuses.get(task.id)
        sub_state = _subgraph_state(graph, task, thread_id, subgraphs and live, saver)
        if status is None:
            views.append(PregelTask(task.id, task.name, task.path, state=sub_state))
            continue
        if status.finished:
            task.writes = list(status.output)
            finished.append(task)
        shown = status.pending if live else status.interrupts
        result = status.result(graph.stream_set) if status.finished else None
        views.append(
            PregelTask(task.id, task.name, task.path, status.error, shown, sub_state, result)
        )
    if live and finished:
        scratch = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=checkpoint["id"],
            ts=checkpoint["ts"],
            channel_values={},
            channel_versions=dict(checkpoint["channel_versions"]),
            versions_seen=dict(checkpoint["versions_seen"]),
        )
        apply_writes(scratch, channels, finished, _bump, graph.ephemeral)
        if len(finished) == len(tasks):
            # Every task of the step finished but its checkpoint was never stored (a crash in
            # between): what runs next is the following step, not nothing (LangGraph shows ()).
            tasks = plan_tasks(scratch, channels, graph.nodes, step + 1, ns)
            views = [PregelTask(t.id, t.name, t.path) for t in tasks]
            finished = []
    done = {t.id for t in finished}
    return StateSnapshot(
        values=graph.read_stream(channels),
        next=tuple(t.name for t in tasks if not (live and t.id in done)),
        config=with_map(saved.config, saved.metadata),
        metadata=saved.metadata,
        created_at=checkpoint["ts"],
        parent_config=with_map(saved.parent_config, saved.metadata)
        if saved.parent_config
        else None,
        tasks=tuple(views),
        interrupts=tuple(i for v in views for i in v.interrupts),
    )


def with_map(config: RunnableConfig, metadata: Any) -> RunnableConfig:
    """A subgraph checkpoint's config with LangGraph's `checkpoint_map` (namespace → checkpoint
    id of it and each enclosing graph), built from the metadata's `parents`."""
    parents = metadata.get("parents") if metadata else None
    if not parents:
        return config
    conf = config["configurable"]
    mapping = {**parents, conf.get("checkpoint_ns", ""): conf.get("checkpoint_id")}
    return {**config, "configurable": {**conf, "checkpoint_map": mapping}}


def _subgraph_state(
    graph: CompiledStateGraph, task: Task, thread_id: Any, recurse: bool, saver: Any
) -> Any:
    """What a task shows as `state`: None unless its node runs a subgraph."""
    node = graph.nodes.get(task.name)
    if node is None or not node.subgraphs:
        return None
    config: RunnableConfig = {
        "configurable": {"thread_id": thread_id, "checkpoint_ns": task.checkpoint_ns}
    }
    if not recurse or saver is None:
        return config
    saved = saver.get_tuple(config)
    if saved is None:
        return config
    return snapshot(node.subgraphs[0], saved, saved.config, live=True, subgraphs=True, saver=saver)


def _bump(current: Any, channel: str) -> Any:
    return 1 if current is None or not isinstance(current, int) else current + 1


class TaskStatus:
    """What the writes stored for a step say about one of its tasks."""

    __slots__ = ("answered", "error", "output", "raised")

    def __init__(self) -> None:
        self.output: list[tuple[str, Any]] = []
        self.raised: list[Interrupt[Any]] = []
        self.answered: set[str] = set()
        self.error: Any = None

    @property
    def finished(self) -> bool:
        return bool(self.output)

    @property
    def interrupts(self) -> tuple[Interrupt[Any], ...]:
        """The task's latest questions: the unanswered ones, or else the last it asked."""
        open_ = tuple(i for i in self.raised if i.id not in self.answered)
        return open_ or tuple(self.raised[-1:])

    @property
    def pending(self) -> tuple[Interrupt[Any], ...]:
        if self.finished:
            return ()
        return tuple(i for i in self.raised if i.id not in self.answered)

    def result(self, output_keys: frozenset[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for channel, value in self.output:
            if channel in output_keys:
                if channel in out:
                    previous = out[channel]
                    many = (
                        previous["$writes"]
                        if isinstance(previous, dict) and "$writes" in previous
                        else [previous]
                    )
                    out[channel] = {"$writes": [*many, value]}
                else:
                    out[channel] = value
        return out


def task_statuses(pending_writes: Sequence[tuple[str, str, Any]]) -> dict[str, TaskStatus]:
    statuses: dict[str, TaskStatus] = {}
    for task_id, channel, value in pending_writes:
        if task_id == NULL_TASK_ID:
            continue
        status = statuses.get(task_id)
        if status is None:
            status = statuses[task_id] = TaskStatus()
        if channel == INTERRUPT:
            status.raised.extend(value)
        elif channel == RESUME:
            if isinstance(value, dict):
                status.answered.update(value)
        elif channel == ERROR:
            status.error = value  # the stored text (repr of the exception), as LangGraph shows
        else:
            status.output.append((channel, value))
    return statuses


def infer_as_node(graph: CompiledStateGraph, checkpoint: Checkpoint) -> str | None:
    """The node that wrote last (LangGraph's rule); START on a thread that never ran."""
    seen = checkpoint["versions_seen"]
    if not any(v for vs in seen.values() for v in vs.values()):
        return START
    last = sorted((v, n) for n, vs in seen.items() if n in graph.nodes for v in vs.values())
    if not last:
        return None
    if len(last) == 1 or last[-1][0] != last[-2][0]:
        return last[-1][1]
    return None


def prepare_update(
    graph: CompiledStateGraph,
    saved: CheckpointTuple | None,
    config: RunnableConfig,
    values: Any,
    as_node: str | None,
    saver: BaseCheckpointSaver,
) -> tuple[RunnableConfig, Checkpoint, CheckpointMetadata, ChannelVersions]:
    """The arguments of the `saver.put` that records `values` as written by `as_node` (`graph`
    may be a subgraph without a checkpointer of its own: `saver` is the thread's)."""
    base = saved.checkpoint if saved is not None else empty_checkpoint()
    checkpoint = Checkpoint(
        v=CHECKPOINT_FORMAT,
        id=base["id"],
        ts=base["ts"],
        channel_values=dict(base["channel_values"]),
        channel_versions=dict(base["channel_versions"]),
        versions_seen=dict(base["versions_seen"]),
    )
    channels = channels_of(graph, checkpoint)
    if as_node is None:
        as_node = infer_as_node(graph, checkpoint)
        if as_node is None:
            raise InvalidUpdateError("Ambiguous update, specify as_node")
    step = saved.metadata.get("step", -1) if saved is not None else -1
    if as_node == END and values is None:
        ns = config.get("configurable", {}).get("checkpoint_ns", "")
        tasks = plan_tasks(checkpoint, channels, graph.nodes, step + 1, ns)
        changed = apply_writes(checkpoint, channels, tasks, saver.get_next_version, graph.ephemeral)
    else:
        node = graph.nodes.get(as_node)
        if node is None:
            raise InvalidUpdateError(f"Node {as_node} does not exist")
        task = Task(
            id=new_checkpoint_id(),
            name=as_node,
            node=node,
            input=None,
            path=(INTERRUPT, 0),
            triggers=(INTERRUPT,),
            checkpoint_ns="",
            done=True,
        )
        task.writes = node.writer(values, _reader(graph, channels, task))
        changed = apply_writes(
            checkpoint, channels, [task], saver.get_next_version, graph.ephemeral
        )
    for name in changed:
        value = channels[name].checkpoint()
        if value is MISSING:
            checkpoint["channel_values"].pop(name, None)
        else:
            checkpoint["channel_values"][name] = value
    checkpoint["id"] = new_checkpoint_id()
    checkpoint["ts"] = datetime.now(timezone.utc).isoformat()
    checkpoint["updated_channels"] = sorted(changed)
    parents = saved.metadata.get("parents", {}) if saved is not None else {}
    metadata: CheckpointMetadata = {"source": "update", "step": step + 1, "parents": parents}
    metadata.update(carried_metadata(config))  # type: ignore[typeddict-item]  # the call's own keys
    parent = saved.config if saved is not None else _thread_config(config)
    versions = checkpoint["channel_versions"]
    new_versions = {k: versions[k] for k in changed if k in versions}
    return parent, checkpoint, metadata, new_versions


def _reader(graph: CompiledStateGraph, channels: dict[str, BaseChannel], task: Task) -> Any:
    read = graph.local_reader(channels)
    return lambda writes: read(task, writes)


def _thread_config(config: RunnableConfig) -> RunnableConfig:
    conf = config.get("configurable", {})
    return {
        "configurable": {
            "thread_id": conf.get("thread_id"),
            "checkpoint_ns": conf.get("checkpoint_ns", ""),
        }
    }
