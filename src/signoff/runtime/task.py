"""Running one task: call the node with its input and run values, retry it, turn its result into
writes, and record an interrupt or an error. Shared by the sync and the async driver; only the call
itself (and the sleep between retries) differs between them."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from signoff.errors import (
    GraphDrained,
    GraphInterrupt,
    InterruptSwallowedError,
    InvalidUpdateError,
    NodeError,
    ParentCommand,
    is_invalid_resume,
)
from signoff.runtime import caching, handlers
from signoff.runtime.context import (
    NullResume,
    Runtime,
    TaskContext,
    reset_current,
    run_in_worker,
    set_current,
)
from signoff.runtime.control import current_control
from signoff.runtime.node import NodeSpec, ReadState, Writes
from signoff.runtime.node_config import enter_langchain, leave_langchain, node_config
from signoff.runtime.options import NO_OPTIONS, GraphOptions
from signoff.runtime.plan import Task
from signoff.runtime.retry import new_attempt, policy_delay
from signoff.runtime.timeout import sync_timeout_unsupported, task_timeout, timed_attempt
from signoff.types import Command

Emit = Callable[[str, Any], None]


class TaskRunner:
    """What every task of one run shares: the run's config, answers, and how to read state."""

    __slots__ = (
        "answers",
        "asked",
        "config",
        "context",
        "durability",
        "emit",
        "emitter",
        "messages",
        "node_errors",
        "null_resume",
        "options",
        "parents",
        "pending",
        "read_state",
        "record",
        "results",
        "saver",
        "step",
        "stop",
    )

    def __init__(
        self,
        *,
        config: dict[str, Any],
        context: Any,
        answers: dict[str, Any],
        asked: dict[str, Any],
        null_resume: NullResume | None,
        read_state: Callable[[Task, Writes], Any],
        emit: Emit,
        step: int,
        messages: Any = None,
        results: dict[str, Any] | None = None,
        record: Any = None,
        saver: Any = None,
        emitter: Any = None,
        stop: int | None = None,
        parents: dict[str, str] | None = None,
        options: GraphOptions = NO_OPTIONS,
        pending: Sequence[tuple[str, str, Any]] = (),
        durability: str = "async",
    ) -> None:
        self.durability = durability
        self.options = options
        self.pending = pending
        """The step's writes stored by an earlier run (to find failures already handled)."""
        self.node_errors: dict[str, NodeError] | None = None
        """Handler task id → the failure it handles (created on the first failure handled)."""
        self.emitter = emitter
        self.stop = stop
        """The last step the run may take (its recursion limit), for `RemainingSteps`."""
        self.parents = parents or {}
        self.config = config
        self.context = context
        self.answers = answers
        self.asked = asked
        self.null_resume = null_resume
        self.read_state = read_state
        self.emit = emit
        self.step = step
        self.messages = messages
        """A `MessagesHandler` when the run streams `messages`."""
        self.results = {} if results is None else results
        self.saver = saver
        self.record = record
        """(sync, async) functions that store a `@task` result, or None without a saver."""

    # --- shared parts ---

    def context_for(self, task: Task) -> TaskContext:
        emit = self.emit

        def writer(chunk: Any) -> None:
            emit("custom", chunk)

        return TaskContext(
            node=task.name,
            task_id=task.id,
            checkpoint_ns=task.checkpoint_ns,
            config=self.node_config(task),
            runtime=Runtime(context=self.context, stream_writer=writer, control=current_control()),
            answers=self.answers,
            asked=self.asked,
            null_resume=self.null_resume,
            stream=emit,
            results=self.results,
            record=self.record[0] if self.record else None,
            arecord=self.record[1] if self.record else None,
            saver=self.saver,
            emitter=self.emitter,
            step=self.step,
            parents=self.parents,
            durability=self.durability,
            stop=self.stop,
        )

    def arguments(self, task: Task, ctx: TaskContext) -> dict[str, Any]:
        inject = task.node.inject
        if not inject:
            return {}
        kwargs: dict[str, Any] = {}
        for kind, param in inject.items():
            if kind == "config":
                kwargs[param] = ctx.config  # the very object get_config() returns
            elif kind == "runtime":
                kwargs[param] = ctx.runtime
            elif kind == "writer":
                kwargs[param] = ctx.runtime.stream_writer
            elif kind == "store":
                kwargs[param] = ctx.runtime.store
            elif kind == "previous":
                kwargs[param] = ctx.runtime.previous
            elif kind == "error":
                errors = self.node_errors
                kwargs[param] = None if errors is None else errors.get(task.id)
        return kwargs

    def node_config(self, task: Task) -> dict[str, Any]:
        return node_config(self.config, task, self.step, self.parents, self.messages)

    def enter_messages(self, task: Task, ctx: TaskContext) -> Any:
        """langchain_core runnables inside the task (models, tools) see its config — the run's
        callbacks, tags, metadata and configurable — as under LangGraph; under
        `stream_mode="messages"` they also report to the run's handler, which takes the task's
        input messages as already seen. Returns what `leave_messages` undoes."""
        if self.messages is not None:
            from signoff.runtime import messages

            shown_input = None if task.node.hidden else task.input
            return messages.enter(ctx.config, self.messages, shown_input)
        return enter_langchain(ctx.config)

    def leave_messages(self, task: Task, ctx: TaskContext, token: Any) -> None:
        if token is None:
            return
        if self.messages is None:
            leave_langchain(token)
            return
        from signoff.runtime import messages

        messages.leave(token)
        if task.done and not task.node.hidden:
            self.messages.node_output(ctx.config["metadata"], task.writes)

    def finish(self, task: Task, ctx: TaskContext, result: Any) -> None:
        task.taken_null = ctx.taken_null
        if ctx.raised or ctx.observed:
            raise InterruptSwallowedError(task.name)
        keys = task.node.state_keys
        if type(result) is dict and result and keys and keys.isdisjoint(result):
            raise InvalidUpdateError(
                f"Node '{task.name}' returned {sorted(result)}, none of which is a key of the "
                f"state ({', '.join(sorted(keys))}); return a state key or add the key to the "
                "state schema"
            )
        read: ReadState = lambda writes: self.read_state(task, writes)  # noqa: E731
        task.writes = task.node.writer(result, read)
        task.done = True
        if self.messages is not None:  # a run reporting to callbacks ends the node's run with it
            self.messages.node_result(task, result)

    def fail(self, task: Task, ctx: TaskContext, exc: BaseException) -> None:
        task.taken_null = ctx.taken_null
        if isinstance(exc, GraphInterrupt):
            ids = {i.id for i in exc.interrupts}
            if any(i.id not in ids for i in ctx.raised):
                # An earlier pause was caught and dropped: refuse now, before its successor is
                # shown to a person (whose answer would then be given to the wrong question).
                task.error = InterruptSwallowedError(task.name)
                return
            task.interrupts = tuple(exc.interrupts)
            task.writes = list(exc.written)
        else:
            if hasattr(exc, "add_note"):  # Python 3.11+: name the task in the traceback
                exc.add_note(f"During task with name '{task.name}' and id '{task.id}'")
            task.error = exc

    # --- sync ---

    def run(self, task: Task) -> None:
        """Run `task` to a result, an interrupt, or an error (recorded on the task, not raised).

        A graph with node options (cache, error handlers) goes through `run_with_options`; one
        without pays a single identity check for them.
        """
        if self.options is NO_OPTIONS:
            self.run_node(task)
        else:
            self.run_with_options(task)
        self.show_finished(task)

    def show_finished(self, task: Task) -> None:
        """A task that finished streams its update and result now, before slower siblings do
        (as LangGraph); the step's recording then skips it."""
        emitter = self.emitter
        if task.done and emitter is not None and emitter.modes:
            emitter.task_updates(task)
            emitter.task_finished(self.step, task)
            task.shown = True

    def run_with_options(self, task: Task) -> None:
        cache = self.options.cache
        key = None
        if cache is not None and task.node.cache_policy is not None:
            key = caching.key_of(task)
            if caching.take(task, cache.get([key]), key):
                return
        handler = self.options.handlers.get(task.name)
        if handler is None or not handlers.routed_before(self.pending, task, handler):
            self.run_node(task)
        if handler is not None and task.error is not None and handlers.handles(task.error):
            h = self.handler_for(task, handler)
            if not h.done:
                self.run_node(h)
        elif key is not None and task.done:
            cache.set(caching.entry(task, key))

    def run_node(self, task: Task) -> None:
        node = task.node
        ctx = self.context_for(task)
        token = set_current(ctx)
        lc_token = self.enter_messages(task, ctx)
        try:
            if node.timeout is not None or (task.send is not None and task.send.timeout):
                raise ValueError(sync_timeout_unsupported(task.name))
            if node.is_async:
                raise TypeError(  # LangGraph's words
                    f'No synchronous function provided to "{task.name}".\nEither initialize '
                    "with a synchronous function or invoke via the async API (ainvoke, astream, "
                    "etc.)"
                )
            attempt = 0
            while True:
                attempt += 1
                try:
                    try:
                        result = node.fn(task.input, **self.arguments(task, ctx))
                    except ParentCommand as up:
                        result = to_parent(up)
                    self.finish(task, ctx, result)
                    return
                except Exception as exc:
                    delay = retry_delay(node, exc, attempt)
                    if delay is None:
                        raise
                    new_attempt(task, ctx, self.messages, exc)
                    time.sleep(delay)
        except BaseException as exc:  # the task's outcome, interrupts included, is recorded
            if not isinstance(exc, (Exception, GraphInterrupt)) or isinstance(exc, GraphDrained):
                raise
            self.fail(task, ctx, exc)
        finally:
            self.leave_messages(task, ctx, lc_token)
            reset_current(token)

    def handler_for(self, task: Task, handler: NodeSpec) -> Task:
        """The handler task for `task`'s failure, with its stored writes if it finished before."""
        h = handlers.handler_task(task, handler)
        task.handler = h
        if self.node_errors is None:
            self.node_errors = {}
        self.node_errors[h.id] = handlers.node_error(task)
        handlers.restore(self.pending, h)
        return h

    # --- async ---

    async def arun(self, task: Task) -> None:
        if self.options is NO_OPTIONS:
            await self.arun_node(task)
        else:
            await self.arun_with_options(task)
        self.show_finished(task)

    async def arun_with_options(self, task: Task) -> None:
        cache = self.options.cache
        key = None
        if cache is not None and task.node.cache_policy is not None:
            key = caching.key_of(task)
            if caching.take(task, await cache.aget([key]), key):
                return
        handler = self.options.handlers.get(task.name)
        if handler is None or not handlers.routed_before(self.pending, task, handler):
            await self.arun_node(task)
        if handler is not None and task.error is not None and handlers.handles(task.error):
            h = self.handler_for(task, handler)
            if not h.done:
                await self.arun_node(h)
        elif key is not None and task.done:
            await cache.aset(caching.entry(task, key))

    async def arun_node(self, task: Task) -> None:
        node = task.node
        ctx = self.context_for(task)
        ctx.aio = node.is_async or node.afn is not None
        token = set_current(ctx)
        lc_token = self.enter_messages(task, ctx)
        policy = task_timeout(task)
        writer = ctx.runtime.stream_writer
        try:
            attempt = 0
            while True:
                attempt += 1
                try:
                    try:
                        if policy is None:
                            fn = node.fn if node.afn is None else node.afn
                            result = fn(task.input, **self.arguments(task, ctx))
                            if inspect.isawaitable(result):
                                result = await result
                        else:
                            kwargs = self.arguments(task, ctx)
                            result = await timed_attempt(task, ctx, policy, writer, kwargs)
                    except ParentCommand as up:
                        result = to_parent(up)
                    if node.async_branches:  # awaited from a worker thread (see `NodeSpec`)
                        await run_in_worker(partial(self.finish, ctx=ctx, result=result), task)
                    else:
                        self.finish(task, ctx, result)
                    return
                except Exception as exc:
                    delay = retry_delay(node, exc, attempt)
                    if delay is None:
                        raise
                    new_attempt(task, ctx, self.messages, exc)
                    await asyncio.sleep(delay)
        except BaseException as exc:
            if not isinstance(exc, (Exception, GraphInterrupt)) or isinstance(exc, GraphDrained):
                raise
            self.fail(task, ctx, exc)
        finally:
            self.leave_messages(task, ctx, lc_token)
            reset_current(token)


def to_parent(up: ParentCommand) -> Command[Any]:
    """A subgraph's `Command(graph=Command.PARENT)` becomes what the node calling it returned."""
    cmd = up.args[0] if up.args else None
    if not isinstance(cmd, Command):
        raise up
    return Command(update=cmd.update, goto=cmd.goto, resume=cmd.resume)


def retry_delay(node: NodeSpec, exc: Exception, attempt: int) -> float | None:
    """Seconds to wait before retrying `node` after `exc`, or None to give up."""
    if is_invalid_resume(exc) or isinstance(exc, GraphDrained):
        return None
    return policy_delay(node.retry_policy, exc, attempt)
