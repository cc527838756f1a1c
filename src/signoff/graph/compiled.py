"""`CompiledStateGraph`: a graph ready to run — `invoke`, `stream`, their async twins, and the
thread-state API (`get_state`, `get_state_history`, `update_state`)."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from signoff.channels import MISSING, BaseChannel, BinaryOperatorAggregate
from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.constants import INTERRUPT, START
from signoff.errors import GraphInterrupt, InterruptAlreadyAnsweredError
from signoff.graph import state as state_api
from signoff.graph.assemble import (
    build_channels,
    build_nodes,
    command_gotos,
    goto_writes,
    input_validator,
    make_writer,
    state_updates,
)
from signoff.graph.builder import StateGraph
from signoff.graph.schema import channels_for, coerce_state
from signoff.runtime import caching
from signoff.runtime.apply import ephemeral_channels
from signoff.runtime.context import current_task
from signoff.runtime.control import RunControl, current_control
from signoff.runtime.loop import Run
from signoff.runtime.node import Writes
from signoff.runtime.options import graph_options
from signoff.runtime.parts import V2Parts, check_version, graph_output
from signoff.runtime.plan import Task, trigger_index
from signoff.runtime.stream import Chunk, Emitter
from signoff.types import Command, StateSnapshot

_THREAD_KEYS = "Checkpointer requires one or more of the following 'configurable' keys: thread_id, checkpoint_ns, checkpoint_id"


class CompiledStateGraph:
    """A compiled `StateGraph`. Runs on the one loop in `signoff.runtime.loop`."""

    def __init__(
        self,
        builder: StateGraph,
        *,
        checkpointer: BaseCheckpointSaver | None,
        interrupt_before: Sequence[str] | str | None,
        interrupt_after: Sequence[str] | str | None,
        debug: bool,
        name: str,
        store: Any = None,
        cache: Any = None,
    ) -> None:
        self.builder = builder
        self.checkpointer = checkpointer
        self.interrupt_before_nodes = interrupt_before
        self.interrupt_after_nodes = interrupt_after
        self.debug = debug
        self.name = name
        self.store = store
        self.channels: dict[str, BaseChannel] = build_channels(builder)
        self.nodes = build_nodes(builder, self.channels)
        self.cache = cache
        self.options = graph_options(builder, self.nodes, cache)
        self.start_node = self.nodes[START]
        self.input_channel = START
        self.ephemeral = ephemeral_channels(self.channels)
        self.trigger_index = trigger_index(self.nodes)
        self.output_keys = tuple(channels_for(builder.output_schema))
        self.output_set = frozenset(self.output_keys)
        self.state_keys = tuple(channels_for(builder.state_schema))
        self.state_mapper = coerce_state(builder.state_schema)
        self.node_names = list(builder.nodes)
        self.check_input = make_writer(
            START,
            list(channels_for(builder.input_schema)),
            [],
            [],
            self.node_names,
            input_validator(builder.input_schema),
        )
        """The START node's writer without its edges: validates input before anything is stored
        (conditional edges from START run in the first step, on the state the input makes)."""

    # --- what the loop asks of the graph ---

    def input_writes(self, value: Any, channels: Mapping[str, BaseChannel] | None = None) -> Writes:
        """The input goes to the START channel; its node turns it into state writes. Checked here
        first, so bad input fails before anything is stored: its keys and types, and (given the
        thread's `channels`) that the reducers accept it."""
        if not isinstance(value, Command):
            writes = self.check_input(value, _no_state)
            if channels is not None:
                _probe_reducers(channels, writes)
        return [(START, value)]

    def command_writes(self, cmd: Command[Any]) -> Writes:
        """A `Command` given as input to a paused thread: its update and goto, as null writes."""
        writes = (
            state_updates(Command(update=cmd.update), self.state_keys, START) if cmd.update else []
        )
        for goto in command_gotos(cmd):
            writes.extend(goto_writes(goto, self.node_names, "input"))
        return writes

    def read_output(self, channels: Mapping[str, BaseChannel]) -> dict[str, Any]:
        out = {}
        for key in self.output_keys:
            ch = channels[key]
            if ch.is_available():
                out[key] = ch.value
        return out

    def local_reader(self, channels: Mapping[str, BaseChannel]) -> Any:
        """The state a task's branches see: the step's state with the task's own writes applied."""
        keys = self.state_keys
        key_set = frozenset(keys)
        mapper = self.state_mapper

        def read(task: Task, writes: Writes) -> Any:
            grouped: dict[str, list[Any]] = {}
            for c, v in writes:
                if c in key_set:
                    grouped.setdefault(c, []).append(v)
            state: dict[str, Any] = {}
            for k in keys:
                ch = channels[k]
                if k in grouped:
                    ch = ch.copy()
                    ch.update(grouped[k])
                if ch.is_available():
                    state[k] = ch.value
            return mapper(state) if mapper is not None else state

        return read

    # --- running ---

    def _run(
        self,
        input: Any,
        config: RunnableConfig | None,
        modes: frozenset[str],
        *,
        context: Any,
        interrupt_before: Sequence[str] | str | None,
        interrupt_after: Sequence[str] | str | None,
        durability: str | None,
        subgraphs: bool = False,
        control: RunControl | None = None,
    ) -> Run:
        config = dict(config or {})
        configurable = config.get("configurable") or {}
        parent = current_task()
        if parent is None and self.checkpointer is not None and not configurable.get("thread_id"):
            raise ValueError(_THREAD_KEYS)
        emitter = None
        if parent is not None and parent.emitter is not None:
            emitter = parent.emitter.child(parent.checkpoint_ns, self.output_set)
        if emitter is None:
            emitter = Emitter(modes, self.output_set, subgraphs=subgraphs)
        run = Run(
            self,
            input,
            config,
            emitter,
            interrupt_before=self.interrupt_before_nodes
            if interrupt_before is None
            else interrupt_before,
            interrupt_after=self.interrupt_after_nodes
            if interrupt_after is None
            else interrupt_after,
            # a graph run inside a task keeps the enclosing run's durability unless given its own
            durability=durability or (parent.durability if parent is not None else "async"),
            context=context,
            parent=parent,
        )
        run.control = control if control is not None or parent is None else current_control()
        return run

    def stream(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str | Sequence[str] | None = None,
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        subgraphs: bool = False,
        debug: bool | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> Iterator[Any]:
        """Run the graph, yielding chunks for `stream_mode` (default `values`)."""
        from signoff.runtime.sync import drive

        modes, single = _modes(stream_mode, debug if debug is not None else self.debug)
        run = self._run(
            input,
            config,
            modes,
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            subgraphs=subgraphs,
            control=control,
        )
        v2 = V2Parts(self) if check_version(version) else None
        for chunk in drive(run):
            yield _shape(chunk, single, subgraphs) if v2 is None else v2(chunk)

    async def astream(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str | Sequence[str] | None = None,
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        subgraphs: bool = False,
        debug: bool | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> AsyncIterator[Any]:
        from signoff.runtime.aio import adrive

        modes, single = _modes(stream_mode, debug if debug is not None else self.debug)
        run = self._run(
            input,
            config,
            modes,
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            subgraphs=subgraphs,
            control=control,
        )
        v2 = V2Parts(self) if check_version(version) else None
        async for chunk in adrive(run):
            yield _shape(chunk, single, subgraphs) if v2 is None else v2(chunk)

    def invoke(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str = "values",
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> Any:
        """Run the graph to its end or its next interrupt; return the state (with `__interrupt__`)."""
        from signoff.runtime.sync import drive

        v2 = check_version(version)
        if stream_mode != "values":
            return list(
                self.stream(
                    input,
                    config,
                    context=context,
                    stream_mode=stream_mode,
                    interrupt_before=interrupt_before,
                    interrupt_after=interrupt_after,
                    durability=durability,
                    control=control,
                    version=version,
                )
            )
        run = self._run(
            input,
            config,
            frozenset(),
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
        )
        for _ in drive(run):
            pass
        return graph_output(self, run) if v2 else _result(run)

    async def ainvoke(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str = "values",
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> Any:
        from signoff.runtime.aio import adrive

        v2 = check_version(version)
        if stream_mode != "values":
            chunks = self.astream(
                input,
                config,
                context=context,
                stream_mode=stream_mode,
                interrupt_before=interrupt_before,
                interrupt_after=interrupt_after,
                durability=durability,
                control=control,
                version=version,
            )
            return [c async for c in chunks]
        run = self._run(
            input,
            config,
            frozenset(),
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
        )
        async for _ in adrive(run):
            pass
        return graph_output(self, run) if v2 else _result(run)

    # --- node cache ---

    def clear_cache(self, nodes: Sequence[str] | None = None) -> None:
        """Forget the cached writes of `nodes` (every node when None)."""
        if self.cache is None:
            raise ValueError("No cache is set for this graph. Cannot clear cache.")
        self.cache.clear(caching.namespaces(self.nodes, nodes))

    async def aclear_cache(self, nodes: Sequence[str] | None = None) -> None:
        if self.cache is None:
            raise ValueError("No cache is set for this graph. Cannot clear cache.")
        await self.cache.aclear(caching.namespaces(self.nodes, nodes))

    # --- thread state ---

    def graph_for(self, config: RunnableConfig) -> Any:
        """The graph whose checkpoints live in the config's namespace: this one, or the subgraph
        a `node:task_id|...` namespace names (as `PregelTask.state` configs do)."""
        ns = config.get("configurable", {}).get("checkpoint_ns", "")
        graph: Any = self
        for part in ns.split("|") if ns else ():
            node = graph.nodes.get(part.split(":", 1)[0])
            if node is None or not node.subgraphs:
                raise ValueError(
                    f"checkpoint_ns {ns!r} names no subgraph of graph {self.name!r}; use the "
                    "config of a task's state from get_state()"
                )
            graph = node.subgraphs[0]
        return graph

    def _saver(self) -> BaseCheckpointSaver:
        if self.checkpointer is None:
            raise ValueError("No checkpointer set")
        return self.checkpointer

    def get_state(self, config: RunnableConfig, *, subgraphs: bool = False) -> StateSnapshot:
        """The thread's state at its latest checkpoint (or the one `checkpoint_id` names)."""
        live = "checkpoint_id" not in config.get("configurable", {})
        saver = self._saver()
        saved = saver.get_tuple(config)
        graph = self.graph_for(config)
        return state_api.snapshot(graph, saved, config, live=live, subgraphs=subgraphs, saver=saver)

    async def aget_state(self, config: RunnableConfig, *, subgraphs: bool = False) -> StateSnapshot:
        live = "checkpoint_id" not in config.get("configurable", {})
        saver = self._saver()
        saved = await saver.aget_tuple(config)
        graph = self.graph_for(config)
        if subgraphs:  # nested snapshots read through the sync API (every saver has both)
            return await asyncio.to_thread(
                state_api.snapshot, graph, saved, config, live=live, subgraphs=True, saver=saver
            )
        return state_api.snapshot(graph, saved, config, live=live)

    def get_state_history(
        self,
        config: RunnableConfig,
        *,
        filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[StateSnapshot]:
        """The thread's checkpoints as snapshots, newest first."""
        config = _history_config(config)
        for saved in self._saver().list(config, filter=filter, before=before, limit=limit):
            yield state_api.snapshot(self, saved, saved.config)

    async def aget_state_history(
        self,
        config: RunnableConfig,
        *,
        filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[StateSnapshot]:
        config = _history_config(config)
        async for saved in self._saver().alist(config, filter=filter, before=before, limit=limit):
            yield state_api.snapshot(self, saved, saved.config)

    def update_state(
        self,
        config: RunnableConfig,
        values: dict[str, Any] | Any | None,
        as_node: str | None = None,
        task_id: str | None = None,
    ) -> RunnableConfig:
        """Write `values` as if node `as_node` had returned them; returns the new checkpoint's config."""
        saver = self._saver()
        update = state_api.prepare_update(self, saver.get_tuple(config), config, values, as_node)
        return saver.put(*update)

    async def aupdate_state(
        self,
        config: RunnableConfig,
        values: dict[str, Any] | Any | None,
        as_node: str | None = None,
        task_id: str | None = None,
    ) -> RunnableConfig:
        saver = self._saver()
        saved = await saver.aget_tuple(config)
        update = state_api.prepare_update(self, saved, config, values, as_node)
        return await saver.aput(*update)

    # --- the human layer: inbox, audit, deadlines ---

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> list[Any]:
        """This graph's unanswered interrupts across all threads (or one), oldest first; page
        with `limit` and `cursor` (the last interrupt id of the previous page)."""
        return self._saver().pending_interrupts(
            thread_id=thread_id, graph=self.name, node=node, limit=limit, cursor=cursor
        )

    def answers(self, thread: str | RunnableConfig) -> list[Any]:
        """Every answer given on `thread` (who, when, what), oldest first."""
        thread_id = thread if isinstance(thread, str) else thread["configurable"]["thread_id"]
        return self._saver().answers(str(thread_id))

    def expire_due(self, now: datetime | None = None) -> list[str]:
        """Answer every overdue question of this graph that has a default with that default,
        recorded as answered by `deadline`; returns the threads resumed."""
        now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)  # naive: local time
        resumed: list[str] = []
        for record in self._saver().pending_interrupts(graph=self.name):
            if record.deadline is None or not record.has_default or record.deadline > now:
                continue
            if record.node and record.node not in self.nodes:
                continue  # another graph of the same name on this saver asked it
            config = {
                "configurable": {"thread_id": record.thread_id},
                "metadata": {"answered_by": "deadline"},
            }
            try:
                self.invoke(Command(resume={record.interrupt_id: record.default}), config)
            except InterruptAlreadyAnsweredError:
                continue
            resumed.append(record.thread_id)
        return resumed

    # --- drawing ---

    def get_graph(self, config: RunnableConfig | None = None, *, xray: int | bool = False) -> Any:
        from signoff.graph.mermaid import drawable

        return drawable(self.builder)

    def with_config(
        self, config: RunnableConfig | None = None, **kwargs: Any
    ) -> CompiledStateGraph:
        return self


def _history_config(config: RunnableConfig) -> RunnableConfig:
    configurable = dict(config.get("configurable", {}))
    configurable.setdefault("checkpoint_ns", "")
    return {**config, "configurable": configurable}


def _probe_reducers(channels: Mapping[str, BaseChannel], writes: Writes) -> None:
    """Apply the input's writes to throwaway copies of the reducer channels they reach, so a
    reducer that refuses the input raises before the input checkpoint is stored."""
    grouped: dict[str, list[Any]] = {}
    for key, value in writes:
        if isinstance(channels.get(key), BinaryOperatorAggregate):
            grouped.setdefault(key, []).append(value)
    for key, values in grouped.items():
        channel = channels[key]
        current = channel.checkpoint()
        probe = channel.from_checkpoint(copy.copy(current) if current is not MISSING else MISSING)
        probe.update(values)


def _no_state(writes: Any) -> Any:
    raise AssertionError("input checking evaluates no branches")


def _modes(
    stream_mode: str | Sequence[str] | None, debug: bool
) -> tuple[frozenset[str], str | None]:
    if stream_mode is None:
        stream_mode = "updates"  # LangGraph's default for graphs and entrypoints
    if isinstance(stream_mode, str):
        modes = {stream_mode}
        single: str | None = stream_mode
    else:
        modes = set(stream_mode)
        single = None
    if debug:
        modes.add("debug")
    return frozenset(modes), single


def _shape(chunk: Chunk, single: str | None, subgraphs: bool) -> Any:
    ns, mode, payload = chunk
    if single is not None:
        return (ns, payload) if subgraphs else payload
    return (ns, mode, payload) if subgraphs else (mode, payload)


def _result(run: Run) -> Any:
    if run.nested and run.interrupts:
        raise GraphInterrupt(tuple(run.interrupts))
    if not run.interrupts:
        return run.output if run.has_output else None
    out = dict(run.output) if isinstance(run.output, dict) else {}
    out[INTERRUPT] = list(run.interrupts)
    return out


__all__ = ["CompiledStateGraph", "GraphInterrupt"]
