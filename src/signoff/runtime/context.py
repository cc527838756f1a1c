"""The run-scoped values a node can reach (config, stream writer, answers), in one typed object.

The runtime sets a `TaskContext` in a `ContextVar` around each task, so `interrupt()`,
`get_config()` and `get_stream_writer()` find what belongs to the task that is running — also when
several tasks run at once in threads or as asyncio tasks.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from signoff.checkpoint.base import RunnableConfig
    from signoff.types import Interrupt

ContextT = TypeVar("ContextT")
T = TypeVar("T")


@dataclass
class Runtime(Generic[ContextT]):
    """What a node that takes a `runtime` parameter receives."""

    context: ContextT = None  # type: ignore[assignment]  # None when the graph has no context_schema
    store: Any = None
    stream_writer: Callable[[Any], None] = field(default=lambda _chunk: None)
    heartbeat: Callable[[], None] = field(default=lambda: None)
    """Tell an idle timeout (`TimeoutPolicy(idle_timeout=...)`) the node is still working."""
    previous: Any = None
    execution_info: Any = None
    server_info: Any = None
    control: Any = None
    """The run's `RunControl`, when it was given one (`invoke(..., control=...)`)."""

    @property
    def drain_requested(self) -> bool:
        """Whether the run was asked to drain: a long node may finish early and return."""
        return self.control is not None and bool(self.control.drain_requested)

    @property
    def drain_reason(self) -> str | None:
        return None if self.control is None else self.control.drain_reason


_TAKING = threading.Lock()


class NullResume:
    """A plain `Command(resume=v)` given while no interrupt was pending: the first `interrupt()` of
    the run that has no answer takes it (LangGraph's behaviour after a static breakpoint), also
    inside the graphs its tasks run.

    With `claimed`, it is a plain answer claimed for that interrupt, raised inside a subgraph;
    it stays dormant (`scope`: the namespace of the task that ran the subgraph) unless a graph
    run in that task no longer holds the interrupt pending (see `runtime/reasked.py`).
    """

    __slots__ = ("claimed", "scope", "taken", "value")

    def __init__(
        self, value: Any, claimed: Interrupt[Any] | None = None, scope: str | None = None
    ) -> None:
        self.value = value
        self.taken = False
        self.claimed = claimed
        """The question the value was given for: a question asked now must be the same one."""
        self.scope = scope
        """Set while dormant: no `interrupt()` call takes it."""

    def take(self) -> bool:
        """Claim the value for one question; False if another task (thread) took it first."""
        with _TAKING:
            if self.taken:
                return False
            self.taken = True
            return True


@dataclass(slots=True)
class TaskContext:
    """Everything one running task needs from the runtime."""

    node: str
    task_id: str
    checkpoint_ns: str
    config: RunnableConfig
    runtime: Runtime[Any]
    answers: dict[str, Any]
    """interrupt id → answer (for every task of the step; ids are unique per task)."""
    asked: dict[str, Any]
    """interrupt id → the question asked under that id in an earlier run (for the order check)."""
    null_resume: NullResume | None = None
    interrupt_index: int = 0
    taken_null: dict[str, Any] = field(default_factory=dict)
    """interrupt id → value of a null resume this task consumed, to store it as the answer."""
    raised: list[Interrupt[Any]] = field(default_factory=list)
    """The interrupts this task raised in this run (to detect a swallowed one)."""
    observed: list[Interrupt[Any]] = field(default_factory=list)
    """Interrupts of its `@task` calls that reached this task through `.result()`/`await`:
    returning normally after one swallows it too."""
    stream: Callable[[str, Any], None] | None = None
    """Emit a chunk on a stream mode (`custom`, `messages`) of the running graph."""
    task_calls: int = 0
    """How many `@task` calls this task (or task call) has made, to name the next one."""
    results: dict[str, Any] = field(default_factory=dict)
    """`@task` call id → its recorded result (shared by the run)."""
    record: Callable[[str, Any], None] | None = None
    """Store a `@task` result durably before it is used (sync)."""
    arecord: Callable[[str, Any], Awaitable[None]] | None = None
    saver: Any = None
    """The run's checkpointer, which graphs invoked inside this task share."""
    emitter: Any = None
    """The running graph's `Emitter`, which graphs invoked inside this task may stream into."""
    step: int = 0
    aio: bool = False
    """The task's code is a coroutine on the run's event loop: a sync `@task` it calls runs on a
    worker thread once awaited."""
    durability: str = "async"
    """The run's durability mode, which graphs invoked inside this task inherit."""
    parents: dict[str, str] = field(default_factory=dict)
    """Checkpoint ids of this task's graph and its enclosing graphs, by namespace."""
    stop: int | None = None
    """The last step the run may take (start + recursion limit): what `RemainingSteps` counts to."""


_fields_of = attrgetter(*(f.name for f in fields(TaskContext)))
"""A task context's field values, in the order its constructor takes them."""

_CURRENT: ContextVar[TaskContext | None] = ContextVar("signoff_task", default=None)


_RUN_LOOP: ContextVar[asyncio.AbstractEventLoop | None] = ContextVar("signoff_loop", default=None)


def run_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the async run whose sync node is running on this worker thread."""
    return _RUN_LOOP.get()


async def run_in_worker(fn: Callable[[T], None], arg: T) -> None:
    """Run a sync node on a worker thread, as LangGraph does under `ainvoke`: the event loop stays
    free, and an async `@task` the node calls runs on it while `.result()` waits."""
    loop = asyncio.get_running_loop()
    context = copy_context()
    context.run(_RUN_LOOP.set, loop)
    await loop.run_in_executor(None, context.run, fn, arg)


def current_task() -> TaskContext | None:
    return _CURRENT.get()


def set_current(ctx: TaskContext | None) -> Any:
    return _CURRENT.set(ctx)


def reset_current(token: Any) -> None:
    _CURRENT.reset(token)


@contextmanager
def tool_scope(label: str) -> Iterator[TaskContext]:
    """Give part of a task (one tool call) its own interrupt ids and counter.

    Parallel tool calls in one `ToolNode` step each ask their own questions; scoping the ids by the
    tool call id keeps every answer with the call it was given for, whatever order they run in.
    """
    ctx = current_task()
    if ctx is None:
        raise RuntimeError("tool_scope() used outside a running graph task")
    child = TaskContext(*_fields_of(ctx))  # as `dataclasses.replace`, at a fraction of its cost
    child.checkpoint_ns = f"{ctx.checkpoint_ns}|{label}"
    child.interrupt_index = 0
    token = _CURRENT.set(child)
    try:
        yield child
    finally:
        _CURRENT.reset(token)
