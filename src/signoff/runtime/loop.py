"""The one run loop, written once for sync and async (sans-IO).

`Run.steps()` is a generator that never does I/O itself: it yields `Call` (a saver method to call)
and `Execute` (tasks to run) effects and is sent back their results. The sync driver
(`runtime/sync.py`) and the async driver (`runtime/aio.py`) only carry effects out; everything a
user can observe — which tasks run together, step numbers, checkpoints, stream chunks, interrupts —
is decided here.
"""

from __future__ import annotations

from collections.abc import Collection, Generator, Sequence
from typing import TYPE_CHECKING, Any

from signoff.channels import MISSING, BaseChannel
from signoff.checkpoint.base import (
    BaseCheckpointSaver,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    RunnableConfig,
    StepWrites,
    empty_checkpoint,
)
from signoff.constants import ERROR, INTERRUPT, NO_WRITES, NULL_TASK_ID, RESUME, RETURN
from signoff.errors import (
    ErrorCode,
    GraphDrained,
    GraphRecursionError,
    create_error_message,
)
from signoff.runtime import handlers
from signoff.runtime import resume as resume_mod
from signoff.runtime.apply import apply_writes, finish_channels
from signoff.runtime.context import NullResume, TaskContext
from signoff.runtime.control import RunControl
from signoff.runtime.defer import finish_deferred
from signoff.runtime.effects import Call, Effect, Execute
from signoff.runtime.intake import RunInput
from signoff.runtime.options import NO_OPTIONS, GraphOptions
from signoff.runtime.plan import Task, candidates_for, plan_tasks
from signoff.runtime.saving import carried_metadata
from signoff.runtime.stream import Emitter
from signoff.runtime.task import TaskRunner
from signoff.types import Interrupt

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph
    from signoff.runtime.durability import Store


class Run(RunInput):
    """One `invoke`/`stream` call of a graph on one thread."""

    control: RunControl | None = None
    """Set by the caller: a drain request stops the run before its next superstep."""
    held: Store | None = None
    """Set by the driver: where the run's storage calls wait, per durability mode."""

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
        self.enclosing = parent
        """The task this run is a graph run inside of, if any."""
        self.parents: dict[str, str] = dict(parent.parents) if parent is not None else {}
        """Checkpoint ids of the enclosing graphs by namespace (LangGraph's metadata `parents`)."""
        if parent is not None:
            # A graph invoked inside a task: it checkpoints under that task's namespace on the
            # parent's saver, and shares the run's answers and @task results.
            self.saver = self.saver or parent.saver
            outer = parent.config.get("configurable", {})
            inner = {
                k: v
                for k, v in config.get("configurable", {}).items()
                if k not in ("checkpoint_id", "checkpoint_map")  # the enclosing task's
            }
            config = {
                **config,
                "configurable": {
                    **inner,
                    "thread_id": outer.get("thread_id"),
                    "checkpoint_ns": parent.checkpoint_ns,
                },
            }
            self.config = config
        self.extra_metadata = carried_metadata(config)
        configurable = config.get("configurable", {})
        self.thread_id: str | None = configurable.get("thread_id")
        self.checkpoint_ns: str = configurable.get("checkpoint_ns", "")
        self.recursion_limit: int = config.get("recursion_limit", 10007)
        if self.recursion_limit < 1:
            raise ValueError("recursion_limit must be at least 1")
        self.interrupts: list[Interrupt[Any]] = []
        self.output: Any = None
        self.has_output = False
        self.answers: dict[str, Any] = parent.answers if parent is not None else {}
        self.asked: dict[str, Any] = {}
        self.results: dict[str, Any] = parent.results if parent is not None else {}
        self.null_resume: NullResume | None = parent.null_resume if parent is not None else None
        self.messages: Any = None
        self.updated: Collection[str] | None = None
        """Channels the last step changed; None means "consider every channel"."""
        self.top: Any = None
        """The highest channel version in the checkpoint, once known (None: compute it)."""
        self.replaying = False
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
        self.stop = stop
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
            # as LangGraph: every task of the step is announced, also one whose writes are restored
            self.emitter.tasks_started(self.step, tasks)
            for task in tasks:
                if task.restored:
                    self.emitter.task_updates(task)
            step_writes: list[StepWrites] = []
            if to_run:
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
            if changed & g.stream_set:  # before the checkpoint's events, as in LangGraph
                self.emit_values()
            yield from self.save("loop", changed, step_writes)
            if self.null_resume is not None and not self.nested:
                # as LangGraph's: a plain answer no task of the run's first step took is dropped
                self.null_resume = None
            if self.breakpoint(self.interrupt_after, tasks):
                self.emitter.updates_interrupt(())
                return

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

    # --- one step ---

    def plan(self) -> list[Task]:
        g = self.graph
        candidates = candidates_for(self.updated, g.trigger_index)
        return plan_tasks(
            self.checkpoint, self.channels, g.nodes, self.step, self.checkpoint_ns, candidates
        )

    def restore(self, tasks: list[Task]) -> None:
        """Tasks that finished in an earlier run of this step get their stored writes back.

        A task's interrupt or error write does not count: a task that paused, was answered and
        finished has both its interrupt and its writes stored, and it is done.
        """
        if not self.pending or self.replaying:
            self.replaying = False  # only the first step of a time-travel run re-runs them
            return
        by_task: dict[str, list[tuple[str, Any]]] = {}
        for task_id, channel, value in self.pending:
            if channel not in (INTERRUPT, ERROR, RESUME):
                by_task.setdefault(task_id, []).append((channel, value))
        for task in tasks:
            writes = by_task.get(task.id)
            if writes is not None:
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
            stop=self.stop,
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
                if not task.shown:
                    self.emitter.task_updates(task)
            elif task.error is not None and self.saver is not None:
                error = repr(task.error)
                yield Call("put_writes", (self.config_now(), [(ERROR, error)], task.id, ""))
            if not task.interrupts and not task.shown:  # an interrupted task's result follows
                self.emitter.task_finished(self.step, task)  # its interrupt chunks
            if task.taken_null:
                yield from self.record_null_answers(task)
        return deferred

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
                    task, self.pending, self.config_now(), self.graph.inbox_name
                )
                yield Call("put_interrupts", (self.config_now(), task.id, records))
            self.interrupts.extend(task.interrupts)
            current = self.graph.read_stream(self.channels)
            self.output = self.graph.read_output(self.channels)
            self.has_output = True
            self.emitter.updates_interrupt(task.interrupts, current)
            self.emitter.task_finished(self.step, task)
        done = [t for t in tasks if t.writes and (t.done or t.interrupts)]
        if done:
            self.emit_partial_values(done)
