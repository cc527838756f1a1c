"""The one run loop, written once for sync and async (sans-IO).

`Run.steps()` is a generator that never does I/O itself: it yields `Call` (a saver method to call)
and `Execute` (tasks to run) effects and is sent back their results. The sync driver
(`runtime/sync.py`) and the async driver (`runtime/aio.py`) only carry effects out; everything a
user can observe — which tasks run together, step numbers, checkpoints, stream chunks, interrupts —
is decided here.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Generator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from signoff.channels import MISSING, BaseChannel
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
from signoff.constants import ERROR, INTERRUPT, NO_WRITES, NULL_TASK_ID, RESUME, RETURN
from signoff.errors import (
    EmptyInputError,
    ErrorCode,
    GraphDrained,
    GraphRecursionError,
    UnknownInterruptError,
    create_error_message,
)
from signoff.runtime import handlers
from signoff.runtime import resume as resume_mod
from signoff.runtime.apply import SPECIAL, apply_writes, finish_channels
from signoff.runtime.context import NullResume, TaskContext
from signoff.runtime.control import RunControl
from signoff.runtime.defer import finish_deferred
from signoff.runtime.node import Writes
from signoff.runtime.options import NO_OPTIONS, GraphOptions
from signoff.runtime.plan import Task, candidates_for, plan_tasks
from signoff.runtime.stream import Emitter
from signoff.runtime.task import TaskRunner
from signoff.types import Command, Interrupt

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph
    from signoff.runtime.durability import ExitStore


@dataclass(slots=True)
class Call:
    """Call `saver.<method>(*args)` (or its `a` twin in async) and send back the result."""

    method: str
    args: tuple[Any, ...]


@dataclass(slots=True)
class Execute:
    """Run these tasks (in parallel if several); outcomes are recorded on the tasks."""

    tasks: list[Task]
    runner: TaskRunner


Effect = Call | Execute


_OWN_METADATA = frozenset(
    {
        "source",
        "step",
        "parents",
        "thread_id",
        "checkpoint_id",
        "checkpoint_ns",
        "checkpoint_map",
        "langgraph_step",
        "langgraph_node",
        "langgraph_triggers",
        "langgraph_path",
        "langgraph_checkpoint_ns",
    }
)


class Run:
    """One `invoke`/`stream` call of a graph on one thread."""

    control: RunControl | None = None
    """Set by the caller: a drain request stops the run before its next superstep."""
    held: ExitStore | None = None
    """With durability="exit", set by the driver: where the run's storage waits for its end."""

    def __init__(
        self,
        graph: CompiledStateGraph,
        input: Any,
        config: RunnableConfig,
        emitter: Emitter,
        *,
        interrupt_before: Sequence[str] | str | None,
        interrupt_after: Sequence[str] | str | None,
        durability: str,
        context: Any = None,
        parent: TaskContext | None = None,
    ) -> None:
        self.graph = graph
        self.options: GraphOptions = getattr(graph, "options", NO_OPTIONS)
        """The graph's node options (cache, error handlers, deferred nodes); see `options.py`."""
        self.input = input
        self.config = config
        self.emitter = emitter
        self.interrupt_before = interrupt_before
        self.interrupt_after = interrupt_after
        self.durability = durability
        schema = (
            getattr(graph.builder, "context_schema", None) if hasattr(graph, "builder") else None
        )
        if isinstance(context, dict) and isinstance(schema, type) and schema is not dict:
            context = schema(**context)  # as LangGraph: a dict context becomes the schema's type
        self.context = context
        # `checkpointer=True` (a subgraph or nested entrypoint) means: the enclosing run's saver.
        own = graph.checkpointer
        self.saver: BaseCheckpointSaver | None = (
            own if isinstance(own, BaseCheckpointSaver) else None
        )
        self.nested = parent is not None
        self.parents: dict[str, str] = dict(parent.parents) if parent is not None else {}
        """Checkpoint ids of the enclosing graphs by namespace (LangGraph's metadata `parents`)."""
        if parent is not None:
            # A graph invoked inside a task: it checkpoints under that task's namespace on the
            # parent's saver, and shares the run's answers and @task results.
            self.saver = self.saver or parent.saver
            outer = parent.config.get("configurable", {})
            config = {
                **config,
                "configurable": {
                    **config.get("configurable", {}),
                    "thread_id": outer.get("thread_id"),
                    "checkpoint_ns": parent.checkpoint_ns,
                },
            }
            self.config = config
        configurable = config.get("configurable", {})
        self.thread_id: str | None = configurable.get("thread_id")
        self.checkpoint_ns: str = configurable.get("checkpoint_ns", "")
        self.recursion_limit: int = config.get("recursion_limit", 10007)
        self.interrupts: list[Interrupt[Any]] = []
        self.output: Any = None
        self.has_output = False
        self.answers: dict[str, Any] = parent.answers if parent is not None else {}
        self.asked: dict[str, Any] = {}
        self.results: dict[str, Any] = parent.results if parent is not None else {}
        self.null_resume: NullResume | None = None
        self.messages: Any = None
        self.updated: Collection[str] | None = None
        self.top: Any = None
        """The highest channel version in the checkpoint, once known (None: compute it)."""
        self.replaying = False
        """Channels the last step changed; None means "consider every channel"."""
        if "messages" in emitter.modes:
            from signoff.runtime.messages import MessagesHandler

            self.messages = MessagesHandler(emitter.custom)

    # --- the loop ---

    def steps(self) -> Generator[Effect, Any, None]:
        g = self.graph
        saved: CheckpointTuple | None = None
        if self.saver is not None:
            saved = yield Call("get_tuple", (self.config,))
        self.load(saved)
        stop = self.step + self.recursion_limit + 1  # counted from before the input, as LangGraph
        yield from self.take_input(saved)
        while True:
            if self.step > stop:
                raise GraphRecursionError(
                    create_error_message(
                        message=f"Recursion limit of {self.recursion_limit} reached without "
                        "hitting a stop condition. You can increase the limit by setting the "
                        "`recursion_limit` config key.",
                        error_code=ErrorCode.GRAPH_RECURSION_LIMIT,
                    )
                )
            tasks = self.plan()
            if not tasks:
                if finish_channels(self.checkpoint, self.channels, self.next_version):
                    self.updated = None
                    self.top = None
                    continue
                return
            self.restore(tasks)
            if self.breakpoint(self.interrupt_before, tasks):
                self.emitter.updates_interrupt(())
                return
            if self.control is not None and self.control.drain_requested:
                raise GraphDrained(self.control.drain_reason or "shutdown")
            to_run = [t for t in tasks if not t.done]
            for task in tasks:
                if task.restored:
                    self.emitter.task_updates(task)
            step_writes: list[StepWrites] = []
            if to_run:
                self.emitter.tasks_started(self.step, to_run)
                yield Execute(to_run, self.runner())
                if self.options.handlers:
                    handlers.attach_handlers(tasks, to_run)
                stopping = any(t.interrupts or t.error is not None for t in tasks)
                step_writes = yield from self.record(to_run, stopping)
                if self.options.handlers:
                    handlers.settle_handled(tasks)
            if any(t.interrupts for t in tasks) or any(t.error for t in tasks):
                yield from self.stop_with(tasks)
                return
            # Only ephemeral channels the last step wrote hold a value to clear: not all of them
            # (a graph has one per node), which would make every step cost O(nodes).
            updated = self.updated
            ephemeral = g.ephemeral if updated is None else [c for c in updated if c in g.ephemeral]
            changed = apply_writes(
                self.checkpoint, self.channels, tasks, self.next_version, ephemeral, self.top
            )
            if changed:
                self.top = self.checkpoint["channel_versions"][next(iter(changed))]
            if self.options.deferred:
                changed |= finish_deferred(
                    self.checkpoint, self.channels, changed, g.trigger_index, self.next_version
                )
                self.top = None
            yield from self.save("loop", changed, step_writes)
            if changed & g.output_set:
                self.emit_values()
            if self.breakpoint(self.interrupt_after, tasks):
                self.emitter.updates_interrupt(())
                return

    @functools.cached_property
    def extra_metadata(self) -> dict[str, Any]:
        """What each checkpoint's metadata carries from the run config, as in LangGraph: every
        `metadata` entry and the scalar `configurable` values, but not ids or private keys."""
        extra: dict[str, Any] = {}
        for source in (self.config.get("metadata"), self.config.get("configurable")):
            for key, value in (source or {}).items():
                if key in extra or key in _OWN_METADATA or key.startswith("__"):
                    continue
                if isinstance(value, str):
                    extra[key] = value.replace("\x00", "")
                elif isinstance(value, (int, float, bool)):
                    extra[key] = value
        return extra

    # --- loading and input ---

    def load(self, saved: CheckpointTuple | None) -> None:
        g = self.graph
        if saved is None:
            self.checkpoint = empty_checkpoint()
            self.metadata: CheckpointMetadata = {}
            self.pending: list[tuple[str, str, Any]] = []
            self.checkpoint_config: RunnableConfig | None = None
            self.parent_config: RunnableConfig | None = None
        else:
            c = saved.checkpoint
            self.checkpoint = Checkpoint(
                v=c["v"],
                id=c["id"],
                ts=c["ts"],
                channel_values=dict(c["channel_values"]),
                channel_versions=dict(c["channel_versions"]),
                versions_seen=dict(c["versions_seen"]),
                updated_channels=c.get("updated_channels"),
            )
            self.metadata = saved.metadata
            self.pending = list(saved.pending_writes or ())
            self.checkpoint_config = saved.config
            self.parent_config = saved.parent_config
        values = self.checkpoint["channel_values"]
        self.channels: dict[str, BaseChannel] = {
            k: spec.from_checkpoint(values.get(k, MISSING)) for k, spec in g.channels.items()
        }
        self.step: int = self.metadata.get("step", -2) + 1
        self.updated = self.checkpoint.get("updated_channels")
        for task_id, channel, value in self.pending:
            if channel == INTERRUPT:
                for intr in value:
                    self.asked[intr.id] = intr.value
            elif channel == RESUME and task_id != NULL_TASK_ID and isinstance(value, dict):
                self.answers.update(value)
            elif channel == RETURN:
                self.results[task_id] = value

    def take_input(self, saved: CheckpointTuple | None) -> Generator[Effect, Any, None]:
        g = self.graph
        cmd = self.input if isinstance(self.input, Command) else None
        resuming = bool(self.checkpoint["channel_versions"]) and (
            self.input is None or cmd is not None or self.nested
        )
        if cmd is not None and cmd.resume is not None and self.saver is None:
            raise RuntimeError("Cannot use Command(resume=...) without checkpointer")
        if resuming:
            # Time travel: run on from an older checkpoint the config names, unless answering it.
            # Its finished tasks run again and old answers do not apply, as in LangGraph.
            addressed = not self.nested and "checkpoint_id" in self.config.get("configurable", {})
            time_travel = addressed and not (cmd is not None and cmd.resume is not None)
            if time_travel:
                self.replaying = True
                self.pending = [w for w in self.pending if w[1] != RESUME]
            if cmd is not None:
                if cmd.resume is not None:
                    yield from self.claim_answers(cmd.resume)
                writes = g.command_writes(cmd)
                if writes:
                    null_task = self.null_task(writes)
                    changed = apply_writes(
                        self.checkpoint, self.channels, [null_task], self.next_version, ()
                    )
                    self.top = None
                    # The paused step still runs (its nodes see the update), plus whatever the
                    # update triggers, as LangGraph adds these channels to the step's.
                    if self.updated is not None:
                        self.updated = {*self.updated, *changed}
            seen = self.checkpoint["versions_seen"]
            seen[INTERRUPT] = dict(self.checkpoint["channel_versions"])
            if time_travel and self.metadata.get("source") not in ("update", "fork"):
                # A new branch starts with a copy of the addressed checkpoint ("fork").
                updated = self.updated if self.updated is not None else list(self.channels)
                yield from self.save("fork", set(), updated=updated)
            else:
                self.emitter.checkpoint_saved(self)  # where the run picks up, as LangGraph shows
            self.emit_values()
            return
        if self.input is None:
            raise EmptyInputError(f"Received no input for {g.input_channel}")
        input_task = self.null_task(g.input_writes(self.input, self.channels))
        updated = apply_writes(self.checkpoint, self.channels, [input_task], self.next_version, ())
        self.top = None
        self.updated = updated
        yield from self.save("input", updated)

    def null_task(self, writes: Writes) -> Task:
        return Task(
            id=NULL_TASK_ID,
            name="__input__",
            node=self.graph.start_node,
            input=None,
            path=("", ""),
            triggers=(),
            checkpoint_ns="",
            writes=writes,
            done=True,
        )

    def claim_answers(self, resume: Any) -> Generator[Effect, Any, None]:
        """Match the resume value to pending interrupts and claim them in the saver, exactly once."""
        try:
            claim = resume_mod.match(resume, self.pending, self.thread_id)
        except UnknownInterruptError as unknown:
            # Not pending here: if the thread answered it earlier, say so (exactly-once answers).
            answered = yield Call("answers", (self.thread_id,))
            resume_mod.raise_if_answered(unknown, answered, self.thread_id)
            raise
        if claim.is_null:
            self.null_resume = NullResume(claim.null)
            return
        nodes = {task.id: task.name for task in self.plan()}
        records = resume_mod.answer_records(claim, self.checkpoint_config or {}, self.config, nodes)
        yield Call("put_answers", (self.checkpoint_config, records))
        self.answers.update(claim.answers)

    # --- one step ---

    def plan(self) -> list[Task]:
        g = self.graph
        candidates = candidates_for(self.updated, g.trigger_index)
        return plan_tasks(
            self.checkpoint, self.channels, g.nodes, self.step, self.checkpoint_ns, candidates
        )

    def restore(self, tasks: list[Task]) -> None:
        """Tasks that finished in an earlier run of this step get their stored writes back."""
        if not self.pending or self.replaying:
            self.replaying = False  # only the first step of a time-travel run re-runs them
            return
        by_task: dict[str, list[tuple[str, Any]]] = {}
        failed: set[str] = set()
        for task_id, channel, value in self.pending:
            if channel in (INTERRUPT, ERROR):
                failed.add(task_id)
            elif channel != RESUME:
                by_task.setdefault(task_id, []).append((channel, value))
        for task in tasks:
            writes = by_task.get(task.id)
            if writes is not None and task.id not in failed:
                task.writes = [w for w in writes if w[0] != NO_WRITES]
                task.done = True
                task.restored = True

    def runner(self) -> TaskRunner:
        return TaskRunner(
            config=self.config,
            context=self.context,
            answers=self.answers,
            asked=self.asked,
            null_resume=self.null_resume,
            read_state=self.graph.local_reader(self.channels),
            emit=self.emitter.custom,
            emitter=self.emitter,
            parents={**self.parents, self.checkpoint_ns: self.checkpoint["id"]},
            durability=self.durability,
            step=self.step,
            messages=self.messages,
            results=self.results,
            record=self.recorders(),
            saver=self.saver,
            options=self.options,
            pending=self.pending,
        )

    def recorders(self) -> tuple[Any, Any] | None:
        """How a `@task` stores its result mid-step: a write of the call, beside the step's."""
        saver = self.saver
        if saver is None:
            return None
        config = self.config_now()
        if self.held is not None and self.held.holds(config):
            return self.held.recorders(config)

        def record(call_id: str, value: Any) -> None:
            saver.put_writes(config, [(RETURN, value)], call_id, "")

        async def arecord(call_id: str, value: Any) -> None:
            await saver.aput_writes(config, [(RETURN, value)], call_id, "")

        return record, arecord

    def record(self, ran: list[Task], stopping: bool) -> Generator[Effect, Any, list[StepWrites]]:
        """Store what each finished task wrote, so a crash or an interrupt never re-runs it.

        When the step completes (`stopping` is false) the writes are returned instead, to be stored
        with the step's new checkpoint in one transaction (`put_step`): the next checkpoint follows
        at once, and a crash in between loses nothing a re-run would not redo.
        """
        deferred: list[StepWrites] = []
        for task in ran:
            if task.done:
                if self.saver is not None:
                    writes = task.writes or [(NO_WRITES, None)]
                    if stopping:
                        yield Call("put_writes", (self.config_now(), writes, task.id, ""))
                    else:
                        deferred.append((task.id, writes))
                self.emitter.task_updates(task)
            elif task.error is not None and self.saver is not None:
                error = repr(task.error)
                yield Call("put_writes", (self.config_now(), [(ERROR, error)], task.id, ""))
            if not task.interrupts:  # an interrupted task's result follows its interrupt chunks
                self.emitter.task_finished(self.step, task)
            if task.taken_null:
                yield from self.record_null_answers(task)
        return deferred

    def record_null_answers(self, task: Task) -> Generator[Effect, Any, None]:
        if self.saver is None:
            return
        config = self.config_now()
        records = resume_mod.null_records(task, config)
        yield Call("put_interrupts", (config, task.id, records))
        yield Call("put_answers", (config, resume_mod.null_answers(records, task, self.config)))

    def stop_with(self, tasks: list[Task]) -> Generator[Effect, Any, None]:
        """End the run on an error or interrupts; the step's checkpoint is not advanced."""
        for task in tasks:
            if task.error is not None:
                raise task.error
        for task in tasks:
            if not task.interrupts:
                continue
            if self.saver is not None:  # in a subgraph's namespace: the write, not the index
                records = resume_mod.interrupt_records(
                    task, self.pending, self.config_now(), self.graph.name
                )
                yield Call("put_interrupts", (self.config_now(), task.id, records))
            self.interrupts.extend(task.interrupts)
            current = self.graph.read_output(self.channels)
            self.output = current
            self.has_output = True
            self.emitter.updates_interrupt(task.interrupts, current)
            self.emitter.task_finished(self.step, task)
        done = [t for t in tasks if t.done and t.writes]
        if done:
            self.emit_partial_values(done)

    # --- checkpoints and output ---

    def next_version(self, current: Any, channel: str) -> Any:
        if self.saver is None:
            return 1 if current is None else current + 1
        return self.saver.get_next_version(current, channel)

    def config_now(self) -> RunnableConfig:
        if self.checkpoint_config is not None:
            return self.checkpoint_config
        return {
            "configurable": {
                "thread_id": self.thread_id,
                "checkpoint_ns": self.checkpoint_ns,
                "checkpoint_id": self.checkpoint["id"],
            }
        }

    def save(
        self,
        source: str,
        changed: set[str],
        step_writes: Sequence[StepWrites] = (),
        *,
        updated: Collection[str] | None = None,
    ) -> Generator[Effect, Any, None]:
        """Start a new checkpoint from the current channels and store it (per durability), with
        the finished step's task writes (stored against the checkpoint being left)."""
        writes_at = self.config_now() if step_writes else None
        prev = self.checkpoint
        values = dict(prev["channel_values"])
        for name in changed:
            value = self.channels[name].checkpoint()
            if value is MISSING:
                values.pop(name, None)
            else:
                values[name] = value
        self.checkpoint = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=new_checkpoint_id(),
            ts=datetime.now(timezone.utc).isoformat(),
            channel_values=values,
            channel_versions=dict(prev["channel_versions"]),
            versions_seen=dict(prev["versions_seen"]),
            updated_channels=sorted(changed if updated is None else updated),
        )
        metadata: CheckpointMetadata = {
            "source": source,  # type: ignore[typeddict-item]  # one of LangGraph's sources
            "step": self.step,
            "parents": self.parents,
        }
        metadata.update(self.extra_metadata)  # type: ignore[typeddict-item]  # user keys
        self.metadata = metadata
        self.pending = []
        self.step += 1
        self.updated = self.checkpoint["updated_channels"]
        if self.saver is None:
            return
        self.parent_config = self.checkpoint_config
        parent = self.checkpoint_config or {
            "configurable": {"thread_id": self.thread_id, "checkpoint_ns": self.checkpoint_ns}
        }
        new_versions = {
            k: self.checkpoint["channel_versions"][k]
            for k in changed
            if k in self.checkpoint["channel_versions"]
        }
        if writes_at is not None:
            self.checkpoint_config = yield Call(
                "put_step",
                (writes_at, step_writes, parent, self.checkpoint, metadata, new_versions),
            )
        else:
            self.checkpoint_config = yield Call(
                "put", (parent, self.checkpoint, metadata, new_versions)
            )
        self.emitter.checkpoint_saved(self)

    def emit_values(self) -> None:
        self.output = self.graph.read_output(self.channels)
        self.has_output = True
        self.emitter.values(self.output)

    def emit_partial_values(self, done: list[Task]) -> None:
        """After an interrupt, show the state with the writes of the tasks that did finish."""
        g = self.graph
        written = {c for t in done for c, _ in t.writes if c not in SPECIAL}
        if not written & g.output_set:
            return
        channels = {k: ch.copy() for k, ch in self.channels.items()}
        scratch = dict(self.checkpoint["channel_versions"])
        checkpoint = Checkpoint(
            v=CHECKPOINT_FORMAT,
            id=self.checkpoint["id"],
            ts=self.checkpoint["ts"],
            channel_values={},
            channel_versions=scratch,
            versions_seen=dict(self.checkpoint["versions_seen"]),
        )
        apply_writes(checkpoint, channels, done, self.next_version, ())
        self.output = g.read_output(channels)
        self.has_output = True
        self.emitter.values(self.output)

    def breakpoint(self, nodes: Sequence[str] | str | None, tasks: list[Task]) -> bool:
        if not nodes:
            return False
        versions = self.checkpoint["channel_versions"]
        seen = self.checkpoint["versions_seen"].get(INTERRUPT, {})
        changed = any(
            seen.get(k) is None or v > seen[k]  # type: ignore[operator]  # one version kind per saver
            for k, v in versions.items()
        )
        if not changed:
            return False
        return any(
            (nodes == "*" and not t.node.hidden) or (nodes != "*" and t.name in nodes)
            for t in tasks
        )
