"""A run's langchain_core callbacks: the graph's run, one run per node task inside it, and the
config that langchain_core runnables called in a node find, so their runs nest under the node's.

LangGraph reports a run to the callback handlers in its config as a tree: the graph's own run
(`on_chain_start` named after the graph with its input, `on_chain_end` with its output), under it
one run per node task (named after the node, tagged `graph:step:N`, with the task's `langgraph_*`
metadata, its input and what it returned), and under each node the chat models, tools and custom
events the node calls, which take the node's callbacks from their config (tag `seq:step:1`).
`astream_events` is built on this (it adds a handler), and so is any tracer.

Loaded only when a run's config carries callbacks: a run without them pays nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from langchain_core.callbacks import BaseCallbackManager
from langchain_core.callbacks.manager import (
    AsyncCallbackManager,
    AsyncCallbackManagerForChainRun,
    CallbackManager,
    CallbackManagerForChainRun,
)
from langchain_core.runnables.config import RunnableConfig, var_child_runnable_config
from langchain_core.tracers._streaming import _StreamingCallbackHandler
from langchain_core.utils.uuid import uuid7

from signoff.constants import START, TAG_HIDDEN
from signoff.errors import GraphInterrupt
from signoff.runtime.messages import MessagesHandler
from signoff.runtime.node_config import PROPAGATED
from signoff.runtime.plan import Task

if TYPE_CHECKING:
    from signoff.runtime.loop import Run

NODE_CHILD_TAG = "seq:step:1"
"""The tag of what a node calls: LangGraph runs the node's function as a sequence's first step."""


def run_metadata(config: RunnableConfig) -> dict[str, Any]:
    """The graph run's metadata: the config's, over the `configurable` ids LangGraph repeats."""
    configurable = config.get("configurable") or {}
    propagated = {k: v for k in PROPAGATED if (v := configurable.get(k))}
    return {**propagated, **(config.get("metadata") or {})}


def without_stream_handlers(callbacks: BaseCallbackManager) -> BaseCallbackManager:
    """A task's callbacks as a graph run inside the task inherits them: without the enclosing
    run's `messages` handler (each run streams its own messages, see `runtime/messages.py`)."""
    copied: BaseCallbackManager = callbacks.copy()
    copied.handlers = [h for h in copied.handlers if not isinstance(h, MessagesHandler)]
    copied.inheritable_handlers = [
        h for h in copied.inheritable_handlers if not isinstance(h, MessagesHandler)
    ]
    return copied


class RunTrace:
    """The callback runs of one graph run. Stands in the run's task runner where its `messages`
    handler would (wrapping it when the run also streams messages), so each task reports here."""

    def __init__(
        self,
        config: RunnableConfig,
        name: str,
        input: Any,
        *,
        aio: bool,
        messages: MessagesHandler | None,
    ) -> None:
        self.config = config
        self.name = config.get("run_name") or name
        self.input = input
        self.run_id: UUID = cast("UUID", config.get("run_id")) or uuid7()
        self.aio = aio
        self.messages = messages
        self.run: CallbackManagerForChainRun | None = None
        self.arun: AsyncCallbackManagerForChainRun | None = None
        self.tapper: _StreamingCallbackHandler[Any] | None = None
        """The handler that reports a node's output as a stream (`on_chain_stream`), as LangGraph
        streams each node under `astream` when a handler taps streams (`astream_events` does)."""
        self.start_routes = False
        """Whether the graph has conditional edges from START (set by `trace`)."""
        self.open: dict[str, tuple[Task, CallbackManagerForChainRun]] = {}
        """Task id → the task and the node run started for it, not yet ended."""
        self.task_of: dict[UUID, str] = {}
        """Node run id → its task's id, until the task enters (finds it by its config)."""

    # --- the graph's run ---

    def _configure(self, cls: Any) -> Any:
        manager = cls.configure(
            inheritable_callbacks=self.config.get("callbacks"),
            inheritable_tags=self.config.get("tags"),
            inheritable_metadata=run_metadata(self.config),
        )
        if "ls_integration" not in manager.metadata:
            manager.add_metadata({"ls_integration": "langgraph"})
        return manager

    def _started(self, run: CallbackManagerForChainRun) -> None:
        self.run = run
        if self.messages is not None:  # what a node calls reports its tokens to it too
            run.inheritable_handlers.append(self.messages)
        if self.aio:
            self.tapper = next(
                (
                    h
                    for h in run.handlers
                    if isinstance(h, _StreamingCallbackHandler)
                    and not isinstance(h, MessagesHandler)
                ),
                None,
            )

    def start(self) -> None:
        manager: CallbackManager = self._configure(CallbackManager)
        self._started(manager.on_chain_start(None, self.input, name=self.name, run_id=self.run_id))

    async def astart(self) -> None:
        manager: AsyncCallbackManager = self._configure(AsyncCallbackManager)
        self.arun = await manager.on_chain_start(
            None, self.input, name=self.name, run_id=self.run_id
        )
        self._started(self.arun.get_sync())

    def traced(self, chunks: Iterator[Any], run: Run) -> Iterator[Any]:
        """`chunks` of the sync driver, inside the graph's run: started before the first,
        ended with the run's output (or its error) after the last."""
        self.start()
        assert self.run is not None
        try:
            yield from chunks
            outcome = _outcome(run)
        except BaseException as exc:
            self.run.on_chain_error(exc)
            raise
        if isinstance(outcome, BaseException):
            self.run.on_chain_error(outcome)
        else:
            self.run.on_chain_end(outcome)

    async def atraced(self, chunks: AsyncIterator[Any], run: Run) -> AsyncIterator[Any]:
        await self.astart()
        assert self.arun is not None
        try:
            async for chunk in chunks:
                yield chunk
            outcome = _outcome(run)
        except BaseException as exc:
            await self.arun.on_chain_error(exc)
            raise
        if isinstance(outcome, BaseException):
            await self.arun.on_chain_error(outcome)
        else:
            await self.arun.on_chain_end(outcome)

    # --- each node's run (called by the task runner, as on a `MessagesHandler`) ---

    def task_callbacks(
        self, callbacks: Any, task: Task, step: int, tags: Any, metadata: dict[str, Any]
    ) -> Any:
        """Start the node run of `task`; what its config carries as callbacks is the node run's
        child, so what the node calls nests under it."""
        run = self.run
        assert run is not None, "a task ran before its graph's run started"
        if task.node.hidden:
            # START: LangGraph reports a (hidden) run for it only when it routes the input
            if not self.start_routes:
                return run.get_child()
            tags = [*(tags or ()), TAG_HIDDEN]
        manager = CallbackManager.configure(
            inheritable_callbacks=run.get_child(f"graph:step:{step}"),
            inheritable_tags=tags,
            inheritable_metadata=metadata,
        )
        shown = task.node.shown_input
        node_run = manager.on_chain_start(
            None, task.input if shown is None else shown(task.input), name=task.name
        )
        self.open[task.id] = (task, node_run)
        self.task_of[node_run.run_id] = task.id
        return node_run.get_child(NODE_CHILD_TAG)

    def enter(self, config: dict[str, Any], input: Any) -> tuple[RunTrace, Any, str | None]:
        """The task starts: langchain_core runnables in it see `config`. Returns what `leave`
        takes: the task is known by the node run its callbacks are the child of."""
        if self.messages is not None:
            self.messages.bind(input)
        callbacks = config.get("callbacks")
        parent = callbacks.parent_run_id if isinstance(callbacks, BaseCallbackManager) else None
        task_id = None if parent is None else self.task_of.pop(parent, None)
        return self, var_child_runnable_config.set(cast("RunnableConfig", config)), task_id

    def node_result(self, task: Task, result: Any) -> None:
        """The node returned `result`: its run streams it (under `astream`) and ends with it."""
        entry = self.open.pop(task.id, None)
        if entry is None:
            return
        node_run = entry[1]
        if self.tapper is not None:
            for _ in self.tapper.tap_output_iter(node_run.run_id, iter((result,))):
                pass
        node_run.on_chain_end(result)

    def leave(self, token: tuple[RunTrace, Any, str | None]) -> None:
        """The task is over: a node run not ended with a result ends with the task's error or
        interrupt."""
        _, reset, task_id = token
        var_child_runnable_config.reset(reset)
        entry = None if task_id is None else self.open.pop(task_id, None)
        if entry is None:
            return
        task, node_run = entry
        if task.interrupts:
            node_run.on_chain_error(GraphInterrupt(task.interrupts))
        elif task.error is not None:
            node_run.on_chain_error(task.error)

    def node_output(self, metadata: dict[str, Any], writes: list[tuple[str, Any]]) -> None:
        if self.messages is not None:
            self.messages.node_output(metadata, writes)


def _outcome(run: Run) -> Any:
    """What the graph's run ends with: its output state (without the interrupts, as LangGraph
    reports it), or the pause of a graph run inside a task, which pauses that task."""
    if run.nested and run.interrupts:
        return GraphInterrupt(tuple(run.interrupts))
    return run.output if run.has_output else None


def trace(run: Run, name: str, input: Any, *, aio: bool) -> RunTrace:
    """Report `run` to its config's callbacks: its tasks report to the returned trace."""
    traced = RunTrace(
        cast("RunnableConfig", run.config), name, input, aio=aio, messages=run.messages
    )
    builder = getattr(run.graph, "builder", None)  # None for an @entrypoint
    traced.start_routes = builder is not None and bool(builder.branches.get(START))
    run.messages = traced
    return traced
