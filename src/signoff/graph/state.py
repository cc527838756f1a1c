"""Reading a thread's stored state: snapshots for `get_state` / `get_state_history`, and what the
stored writes say about a step's tasks (`update_state` is in `updates`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from signoff.channels import MISSING, BaseChannel
from signoff.checkpoint.base import (
    CHECKPOINT_FORMAT,
    Checkpoint,
    CheckpointTuple,
    RunnableConfig,
)
from signoff.constants import END, ERROR, INTERRUPT, NULL_TASK_ID, RESUME
from signoff.runtime.apply import apply_writes, null_task, null_writes
from signoff.runtime.plan import Task, plan_tasks
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
    if updates:  # `Command(update=..., goto=...)` given on resume: its values shown applied
        # (LangGraph applies them without new channel versions, so a `goto` adds no task here)
        checkpoint = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=checkpoint["id"],
            ts=checkpoint["ts"],
            channel_values={},
            channel_versions=dict(checkpoint["channel_versions"]),
            versions_seen={k: dict(v) for k, v in checkpoint["versions_seen"].items()},
        )
        apply_writes(checkpoint, channels, [null_task(graph.start_node, updates)], _bump, ())
        checkpoint["channel_versions"] = dict(saved.checkpoint["channel_versions"])
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


_END_ONLY = frozenset({END})


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

    def result(self, output_keys: frozenset[str]) -> Any:
        """The task's writes to `output_keys`, by channel (several writes to one channel as
        `{"$writes": [...]}`); an entrypoint's (output `END` alone) is its return value bare."""
        if output_keys == _END_ONLY:
            return next((value for channel, value in self.output if channel == END), None)
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
