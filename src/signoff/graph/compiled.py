"""`CompiledStateGraph`: a graph ready to run — `invoke`, `stream`, their async twins, and the
thread-state API (`get_state`, `get_state_history`, `update_state`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any

from signoff.channels import BaseChannel
from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.constants import START
from signoff.errors import GraphInterrupt
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
from signoff.graph.threads import ThreadStateAPI
from signoff.runtime import caching
from signoff.runtime.apply import ephemeral_channels, probe_writes
from signoff.runtime.context import current_task
from signoff.runtime.control import RunControl, current_control
from signoff.runtime.loop import Run
from signoff.runtime.node import Writes
from signoff.runtime.options import graph_options
from signoff.runtime.parts import V2Parts, check_version, graph_output, invoke_result
from signoff.runtime.plan import Task, trigger_index
from signoff.runtime.stream import Chunk, Emitter, shape_chunk, stream_modes
from signoff.types import Command

_THREAD_KEYS = "Checkpointer requires one or more of the following 'configurable' keys: thread_id, checkpoint_ns, checkpoint_id"


class CompiledStateGraph(ThreadStateAPI):
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
                probe_writes(channels, writes)
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

    def _streaming(
        self,
        input: Any,
        config: RunnableConfig | None,
        *,
        context: Any,
        stream_mode: str | Sequence[str] | None,
        interrupt_before: Sequence[str] | str | None,
        interrupt_after: Sequence[str] | str | None,
        durability: str | None,
        control: RunControl | None,
        subgraphs: bool,
        debug: bool | None,
        version: str,
    ) -> tuple[Run, Callable[[Chunk], Any]]:
        """The run `stream`/`astream` drive, and how each of its chunks is shaped for the caller."""
        modes, single = stream_modes(stream_mode, debug if debug is not None else self.debug)
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
        if check_version(version):
            return run, V2Parts(self)
        return run, lambda chunk: shape_chunk(chunk, single, subgraphs)

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

        run, shape = self._streaming(
            input,
            config,
            context=context,
            stream_mode=stream_mode,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
            subgraphs=subgraphs,
            debug=debug,
            version=version,
        )
        for chunk in drive(run):
            yield shape(chunk)

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

        run, shape = self._streaming(
            input,
            config,
            context=context,
            stream_mode=stream_mode,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
            subgraphs=subgraphs,
            debug=debug,
            version=version,
        )
        async for chunk in adrive(run):
            yield shape(chunk)

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
        return graph_output(self, run) if v2 else invoke_result(run)

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
        return graph_output(self, run) if v2 else invoke_result(run)

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

    # --- drawing ---

    def get_graph(self, config: RunnableConfig | None = None, *, xray: int | bool = False) -> Any:
        from signoff.graph.mermaid import drawable

        return drawable(self.builder)

    def with_config(
        self, config: RunnableConfig | None = None, **kwargs: Any
    ) -> CompiledStateGraph:
        return self


def _no_state(writes: Any) -> Any:
    raise AssertionError("input checking evaluates no branches")


__all__ = ["CompiledStateGraph", "GraphInterrupt"]
