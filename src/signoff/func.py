"""The functional API: `@entrypoint` turns a function into a graph; `@task` marks a call whose
result is recorded, so a re-run (after an interrupt, a crash, a resume in another process) gets
the recorded result instead of doing the work again."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from signoff.channels import BaseChannel, EphemeralValue, LastValue, Topic
from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.constants import END, PREVIOUS, START, TASKS
from signoff.errors import InterruptSwallowedError
from signoff.graph.compiled import CompiledStateGraph
from signoff.graph.runnable_schema import entrypoint_types
from signoff.runtime.context import (
    TaskContext,
    current_task,
    reset_current,
    run_loop,
    set_current,
)
from signoff.runtime.future import TaskFuture, in_event_loop
from signoff.runtime.node import NodeSpec, ReadState, Writes, injections
from signoff.runtime.node_config import call_config, call_trace, enter_langchain, leave_langchain
from signoff.runtime.plan import trigger_index
from signoff.runtime.retry import policy_delay
from signoff.types import Command, RetryPolicy, Send
from signoff.warnings import LangGraphDeprecatedSinceV10, renamed_argument

__all__ = ["entrypoint", "task"]

T = TypeVar("T")


def call_id(ctx: TaskContext, name: str, index: int) -> str:
    text = f"{ctx.checkpoint_ns}\x00task\x00{name}\x00{index}"
    h = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class task(Generic[T]):
    """`@task` / `@task(name=..., retry_policy=...)`: a unit of work whose result is recorded."""

    def __new__(cls, fn: Callable[..., T] | None = None, **options: Any) -> Any:
        if fn is None:
            return lambda f: cls(f, **options)
        return super().__new__(cls)

    def __init__(
        self,
        fn: Callable[..., T] | None = None,
        *,
        name: str | None = None,
        retry_policy: RetryPolicy | Sequence[RetryPolicy] | None = None,
        **kwargs: Any,
    ) -> None:
        assert fn is not None
        retry_policy = retry_policy or renamed_argument(kwargs, "retry", "retry_policy")
        self.fn = fn
        self.name: str = name or str(getattr(fn, "__name__", "task"))
        if retry_policy is None:
            self.retry_policy: tuple[RetryPolicy, ...] = ()
        elif isinstance(retry_policy, RetryPolicy):
            self.retry_policy = (retry_policy,)
        else:
            self.retry_policy = tuple(retry_policy)
        self.is_async = inspect.iscoroutinefunction(fn)
        functools.update_wrapper(self, fn)

    def __call__(self, *args: Any, **kwargs: Any) -> TaskFuture[T]:
        future: TaskFuture[T] = TaskFuture()
        ctx = current_task()
        if ctx is None:
            raise RuntimeError(
                f"@task '{self.name}' was called outside a graph; call it from an @entrypoint "
                "or a graph node"
            )
        loop = None
        if self.is_async and not in_event_loop():
            loop = run_loop()  # a sync node of an async run, on a worker thread
            if loop is None:  # LangGraph's words: nothing could await it
                raise RuntimeError("In an sync context async tasks cannot be called")
        index = ctx.task_calls
        ctx.task_calls = index + 1
        cid = call_id(ctx, self.name, index)
        emitter = ctx.emitter
        if cid in ctx.results:
            # recorded in an earlier run: not run again, but shown starting as LangGraph does
            if emitter is not None:
                emitter.call_started(ctx.step, cid, self.name, args, kwargs)
            future._value = ctx.results[cid]
            return future
        namespace = f"{ctx.checkpoint_ns}|{self.name}:{cid}"
        child = replace(
            ctx,
            checkpoint_ns=namespace,
            config=call_config(ctx.config, self.name, namespace, index),
            interrupt_index=0,
            task_calls=0,
            raised=[],
            observed=[],
            aio=self.is_async,
        )
        if emitter is not None:
            emitter.call_started(ctx.step, cid, self.name, args, kwargs)
        trace = call_trace(ctx.config, child.config, self.name, self.fn, args, kwargs)
        if self.is_async or ctx.aio:
            # async code awaits the call; a sync function then runs on a worker thread (as in
            # LangGraph), so the loop stays free and the result is stored with `arecord`. (A sync
            # run's code calls it inline, also while a loop runs in its thread, as in Jupyter.)
            if loop is None:
                future._pending = functools.partial(self._arun, child, cid, args, kwargs, trace)
            else:  # starts now, as LangGraph's does; `.result()` waits for it
                call = self._arun(child, cid, args, kwargs, trace)
                future._pending = asyncio.run_coroutine_threadsafe(call, loop)
            return future
        token = set_current(child)
        lc_token = enter_langchain(child.config)
        try:
            future._value = self._run(args, kwargs, trace)
            if child.raised or child.observed:
                raise InterruptSwallowedError(self.name)
            ctx.results[cid] = future._value
            if ctx.record is not None:
                ctx.record(cid, future._value)
            if emitter is not None:
                emitter.call_finished(ctx.step, cid, self.name, future._value)
        except BaseException as exc:
            future._error = exc
            if emitter is not None and isinstance(exc, Exception):  # not a pause
                emitter.call_failed(ctx.step, cid, self.name, exc)
        finally:
            leave_langchain(lc_token)
            reset_current(token)
        return future

    def _run(self, args: tuple[Any, ...], kwargs: dict[str, Any], trace: Any) -> Any:
        attempt = 0
        while True:
            attempt += 1
            if trace is not None:
                trace.start()
            try:
                value = self.fn(*args, **kwargs)
            except BaseException as exc:
                if trace is not None:
                    trace.error(exc)
                delay = self._delay(exc, attempt)
                if delay is None:
                    raise
                import time

                time.sleep(delay)
                continue
            if trace is not None:
                trace.end(value)
            return value

    async def _arun(
        self,
        ctx: TaskContext,
        cid: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        trace: Any = None,
    ) -> Any:
        token = set_current(ctx)
        lc_token = enter_langchain(ctx.config)
        try:
            attempt = 0
            while True:
                attempt += 1
                if trace is not None:
                    trace.start()
                try:
                    if self.is_async:
                        value = await self.fn(*args, **kwargs)  # type: ignore[misc]  # async fn
                    else:  # the thread sees this task's context (`to_thread` copies it)
                        value = await asyncio.to_thread(self.fn, *args, **kwargs)
                except BaseException as exc:
                    if trace is not None:
                        trace.error(exc)
                    delay = self._delay(exc, attempt)
                    if delay is None:
                        raise
                    await asyncio.sleep(delay)
                    continue
                if trace is not None:
                    trace.end(value)
                break
        except Exception as exc:
            if ctx.emitter is not None:
                ctx.emitter.call_failed(ctx.step, cid, self.name, exc)
            raise
        finally:
            leave_langchain(lc_token)
            reset_current(token)
        if ctx.raised or ctx.observed:
            raise InterruptSwallowedError(self.name)
        ctx.results[cid] = value
        if ctx.arecord is not None:
            await ctx.arecord(cid, value)
        elif ctx.record is not None:
            ctx.record(cid, value)
        if ctx.emitter is not None:
            ctx.emitter.call_finished(ctx.step, cid, self.name, value)
        return value

    def _delay(self, exc: BaseException, attempt: int) -> float | None:
        if not isinstance(exc, Exception):  # an interrupt, a cancellation: never retried
            return None
        return policy_delay(self.retry_policy, exc, attempt)


R = TypeVar("R")
S = TypeVar("S")


@dataclass(frozen=True)
class _Final(Generic[R, S]):
    """`entrypoint.final[R, S](value=..., save=...)`: return `value`, keep `save` as `previous`."""

    value: R
    save: S


class entrypoint:
    """`@entrypoint(checkpointer=...)`: run a function as a graph with one node.

    The function takes its input (and optionally `previous`, `config`, `writer`, `store`) and
    returns the output; `entrypoint.final(value=..., save=...)` returns one value and keeps another
    as `previous` for the thread's next run.
    """

    final = _Final

    def __init__(
        self,
        checkpointer: BaseCheckpointSaver | None = None,
        store: Any = None,
        cache: Any = None,
        context_schema: Any = None,
        retry_policy: RetryPolicy | Sequence[RetryPolicy] | None = None,
        **kwargs: Any,
    ) -> None:
        renamed_argument(kwargs, "config_schema", "context_schema", LangGraphDeprecatedSinceV10)
        retry_policy = retry_policy or renamed_argument(kwargs, "retry", "retry_policy")
        self.checkpointer = checkpointer
        self.store = store
        self.context_schema = context_schema
        if retry_policy is None:
            self.retry_policy: tuple[RetryPolicy, ...] = ()
        elif isinstance(retry_policy, RetryPolicy):
            self.retry_policy = (retry_policy,)
        else:
            self.retry_policy = tuple(retry_policy)

    def __call__(self, fn: Callable[..., Any]) -> CompiledEntrypoint:
        graph = CompiledEntrypoint(fn, self.checkpointer, self.retry_policy)
        graph.context_schema = self.context_schema
        return graph


class CompiledEntrypoint(CompiledStateGraph):
    """The graph an `@entrypoint` function becomes: START → the function → END."""

    def __init__(
        self,
        fn: Callable[..., Any],
        checkpointer: BaseCheckpointSaver | None,
        retry_policy: tuple[RetryPolicy, ...],
    ) -> None:
        name = getattr(fn, "__name__", "entrypoint")
        self.name = "LangGraph"  # as LangGraph names every entrypoint (the inbox: `inbox_name`)
        self.func = fn
        self.context_schema: Any = None
        self.builder = None  # type: ignore[assignment]  # no StateGraph behind an entrypoint
        self.checkpointer = checkpointer
        self.interrupt_before_nodes = []
        self.interrupt_after_nodes = []
        self.debug = False
        self.store = None
        self.channels: dict[str, BaseChannel] = {
            START: EphemeralValue(Any, key=START),
            END: LastValue(Any, key=END),
            PREVIOUS: LastValue(Any, key=PREVIOUS),
            TASKS: Topic(Send, key=TASKS),
        }
        inject = injections(fn)
        call = _caller(fn, inject)
        spec = NodeSpec(
            name=name,
            fn=call,
            triggers=(START,),
            reads=(START, PREVIOUS),
            writer=_write_final,
            inject={k: v for k, v in inject.items() if k != "previous"},
            is_async=inspect.iscoroutinefunction(fn),
            retry_policy=retry_policy,
            shown_input=_argument,
        )
        self.nodes = {name: spec}
        self.start_node = spec
        self.input_channel = START
        self.ephemeral = frozenset((START, TASKS))
        self.trigger_index = trigger_index(self.nodes)
        self.output_keys = (END,)
        self.output_set = frozenset(self.output_keys)
        self.stream_keys = self.output_keys
        self.stream_set = self.output_set
        self.bound_config = {}
        self.state_keys = (END,)
        self.state_mapper = None
        self.node_names = [name]
        self.entry_name = name

    @property
    def inbox_name(self) -> str:
        """The function's name, unless the entrypoint was given a name of its own: interrupt
        records and the inbox tell entrypoints apart by it (every `name` is "LangGraph")."""
        return self.entry_name if self.name == "LangGraph" else self.name

    @property
    def InputType(self) -> Any:  # langchain_core's Runnable name
        return entrypoint_types(self.func)[0]

    @property
    def OutputType(self) -> Any:
        return entrypoint_types(self.func)[1]

    def input_writes(self, value: Any, channels: Any = None) -> Writes:
        return [(START, value)]

    def command_writes(self, cmd: Command[Any]) -> Writes:
        return []

    def read_output(self, channels: Any) -> Any:
        ch = channels[END]
        return ch.value if ch.is_available() else None

    def read_stream(self, channels: Any) -> Any:
        return self.read_output(channels)

    def get_graph(self, config: Any = None, *, xray: int | bool = False) -> Any:
        """As LangGraph draws an entrypoint: the function's node, START, and a conditional edge
        to END (the function declares no edges, so LangGraph infers the end from the last step)."""
        from signoff.graph.drawing import DrawableGraph
        from signoff.graph.mermaid import NODE_SPEC

        drawn = DrawableGraph()
        drawn.add_node(self.entry_name, data=NODE_SPEC)
        drawn.add_node(START)
        drawn.add_edge(START, self.entry_name)
        drawn.add_edge(self.entry_name, END, cond=True)
        return drawn


def _caller(fn: Callable[..., Any], inject: dict[str, str]) -> Callable[..., Any]:
    wants_previous = inject.get("previous")

    def call(values: dict[str, Any], **kwargs: Any) -> Any:
        if wants_previous is not None:
            kwargs[wants_previous] = values.get(PREVIOUS)
        return fn(values.get(START), **kwargs)

    return call


def _argument(values: Any) -> Any:
    return values.get(START) if isinstance(values, dict) else values


def _write_final(result: Any, read_state: ReadState) -> Writes:
    if isinstance(result, _Final):
        return [(END, result.value), (PREVIOUS, result.save)]
    return [(END, result), (PREVIOUS, result)]
