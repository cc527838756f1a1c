"""A run's langchain_core callbacks: the graph's run, one run per node task inside it, and the
config that langchain_core runnables called in a node find, so their runs nest under the node's.

LangGraph reports a run to the callback handlers in its config as a tree: the graph's own run
(`on_chain_start` named after the graph with its input, `on_chain_end` with its output), under it
one run per node task (named after the node, tagged `graph:step:N`, with the task's `langgraph_*`
metadata, its input and what it returned), and under each node the chat models, tools and custom
events the node calls, which take the node's callbacks from their config (tag `seq:step:1`).
Also under the node: each call of a conditional edge's path function (`report_route`), and each
`@task` call (`CallTrace`), under which what the task calls nests. A retried node or task call
is a new run per attempt; a failed attempt's run ends with its error.
`astream_events` is built on this (it adds a handler), and so is any tracer.

Loaded only when a run's config carries callbacks: a run without them pays nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar, Token
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
from signoff.runtime.context import current_task
from signoff.runtime.messages import MessagesHandler
from signoff.runtime.node_config import PROPAGATED
from signoff.runtime.plan import Task

if TYPE_CHECKING:
    from signoff.graph.assemble import BranchRunner
    from signoff.runtime.loop import Run

_TRACE: ContextVar[RunTrace] = ContextVar("signoff_trace")
"""The trace whose task is running (in the task's context): whether its run is async names a
lambda path function's run (`report_route`)."""

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
        self.open: dict[str, tuple[Task, CallbackManagerForChainRun, CallbackManager]] = {}
        """Task id → the task, the node run started for it (not yet ended), and the manager
        that started it (which starts the run of each retry)."""
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
            self.tapper = _stream_tapper(run.handlers)

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
        node_run = self._start_node(task, manager)
        self.task_of[node_run.run_id] = task.id
        return node_run.get_child(NODE_CHILD_TAG)

    def _start_node(self, task: Task, manager: CallbackManager) -> CallbackManagerForChainRun:
        shown = task.node.shown_input
        node_run = manager.on_chain_start(
            None, task.input if shown is None else shown(task.input), name=task.name
        )
        self.open[task.id] = (task, node_run, manager)
        return node_run

    def retried(self, task: Task, config: dict[str, Any], error: Exception) -> None:
        """`task` failed and is tried again: as in LangGraph, its node run ends with the error
        and each attempt is a node run of its own (what it calls nests under that one)."""
        entry = self.open.get(task.id)
        if entry is None:
            return
        _, node_run, manager = entry
        node_run.on_chain_error(error)
        # the task's config, which its node and langchain_core's context variable hold
        config["callbacks"] = self._start_node(task, manager).get_child(NODE_CHILD_TAG)

    def enter(
        self, config: dict[str, Any], input: Any
    ) -> tuple[RunTrace, Any, str | None, Token[RunTrace]]:
        """The task starts: langchain_core runnables in it see `config`. Returns what `leave`
        takes: the task is known by the node run its callbacks are the child of."""
        if self.messages is not None:
            self.messages.bind(input)
        callbacks = config.get("callbacks")
        parent = callbacks.parent_run_id if isinstance(callbacks, BaseCallbackManager) else None
        task_id = None if parent is None else self.task_of.pop(parent, None)
        reset = var_child_runnable_config.set(cast("RunnableConfig", config))
        return self, reset, task_id, _TRACE.set(self)

    def node_result(self, task: Task, result: Any) -> None:
        """The node returned `result`: its run streams it (under `astream`) and ends with it."""
        entry = self.open.pop(task.id, None)
        if entry is None:
            return
        node_run = entry[1]
        if self.tapper is not None:
            _tap(self.tapper, node_run.run_id, result)
        node_run.on_chain_end(result)

    def leave(self, token: tuple[RunTrace, Any, str | None, Token[RunTrace]]) -> None:
        """The task is over: a node run not ended with a result ends with the task's error or
        interrupt."""
        _, reset, task_id, traced = token
        _TRACE.reset(traced)
        var_child_runnable_config.reset(reset)
        entry = None if task_id is None else self.open.pop(task_id, None)
        if entry is None:
            return
        task, node_run, _ = entry
        if task.interrupts:
            node_run.on_chain_error(GraphInterrupt(task.interrupts))
        elif task.error is not None:
            node_run.on_chain_error(task.error)

    def node_output(self, metadata: dict[str, Any], writes: list[tuple[str, Any]]) -> None:
        if self.messages is not None:
            self.messages.node_output(metadata, writes)


def _tap(tapper: _StreamingCallbackHandler[Any], run_id: UUID, output: Any) -> None:
    """Report `output` as the one chunk run `run_id` streamed (`on_chain_stream`)."""
    for _ in tapper.tap_output_iter(run_id, iter((output,))):
        pass


def _stream_tapper(handlers: list[Any]) -> _StreamingCallbackHandler[Any] | None:
    """The handler that streams runs' outputs (`astream_events`'), if one is there."""
    return next(
        (
            h
            for h in handlers
            if isinstance(h, _StreamingCallbackHandler) and not isinstance(h, MessagesHandler)
        ),
        None,
    )


def _step_manager(
    callbacks: BaseCallbackManager, tag: str, metadata: dict[str, Any] | None = None
) -> CallbackManager:
    """A manager for runs beside those `callbacks` starts (under the same parent), tagged
    `tag` first, then the inherited tags, as LangGraph tags a step of a node's sequence."""
    inherited = list(callbacks.inheritable_tags)
    merged = {**callbacks.inheritable_metadata, **(metadata or {})}
    return CallbackManager(
        handlers=list(callbacks.inheritable_handlers),
        inheritable_handlers=list(callbacks.inheritable_handlers),
        parent_run_id=callbacks.parent_run_id,
        tags=[tag, *(t for t in inherited if t != tag)],
        inheritable_tags=inherited,
        metadata=merged,
        inheritable_metadata=dict(merged),
    )


def report_route(callbacks: BaseCallbackManager, branch: BranchRunner, state: Any) -> Any:
    """Call `branch`'s path function as a run of its own, the node run's child: LangGraph
    reports each call (named after the function, tagged with its place in the node's sequence,
    the state in, the path function's answer out). A `config` it takes is that step's (its
    runs beside the path function's); langchain_core runnables it calls without one nest
    under the path function's run."""
    manager = _step_manager(callbacks, branch.tag)
    name = branch.name
    trace = _TRACE.get(None)
    if name is None and trace is not None and not trace.aio:
        name = "RunnableCallable"  # LangGraph's name for a lambda in a sync run: its class's
    run = manager.on_chain_start(None, state, name=name)
    ctx = current_task()
    config = {**(ctx.config if ctx is not None else {}), "callbacks": manager}
    inside = cast("RunnableConfig", {**config, "callbacks": run.get_child()})
    token = var_child_runnable_config.set(inside)
    try:
        result = branch.route(state, config)
    except BaseException as exc:
        run.on_chain_error(exc)
        raise
    finally:
        var_child_runnable_config.reset(token)
    run.on_chain_end(result)
    return result


class CallTrace:
    """The callback runs of one `@task` call, as LangGraph reports them: a run per attempt,
    named after the task, the child of the caller's run (its node's, or an enclosing task's),
    with the call's arguments by name as input and the call's metadata; what the task calls
    nests under it."""

    def __init__(
        self, callbacks: BaseCallbackManager, config: dict[str, Any], name: str, input: Any
    ) -> None:
        self.manager = _step_manager(callbacks, NODE_CHILD_TAG, config.get("metadata"))
        self.config = config
        self.name = name
        self.input = input
        self.tapper = _stream_tapper(self.manager.handlers)
        self.run: CallbackManagerForChainRun | None = None

    def start(self) -> None:
        """An attempt starts: the call's config (which its code sees) is now this run's."""
        self.run = self.manager.on_chain_start(None, self.input, name=self.name)
        self.config["callbacks"] = self.run.get_child(NODE_CHILD_TAG)

    def end(self, value: Any) -> None:
        assert self.run is not None
        if self.tapper is not None:
            _tap(self.tapper, self.run.run_id, value)
        self.run.on_chain_end(value)

    def error(self, exc: BaseException) -> None:
        assert self.run is not None
        self.run.on_chain_error(exc)


def call_input(fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """A task call's arguments as LangGraph shows them: by parameter name, defaults filled in,
    `**kwargs` spread out."""
    try:
        signature = inspect.signature(fn)
        bound = signature.bind_partial(*args, **kwargs)
    except (TypeError, ValueError):  # no signature, or arguments it does not take: as given
        return {"args": args, **kwargs}
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    for name, parameter in signature.parameters.items():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD and name in arguments:
            arguments.update(arguments.pop(name))
    arguments.pop("self", None)
    arguments.pop("cls", None)
    return arguments


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
