"""`CompiledStateGraph`: a graph ready to run — `invoke`, `stream`, their async twins, and the
thread-state API (`get_state`, `get_state_history`, `update_state`).

This module builds the graph from its `StateGraph` and answers what the loop asks of it (input
writes, output, the state a branch reads). The run entry points are mixed in from `running`, the
thread-state API from `threads`, the schema API (`get_input_jsonschema`, ...) from
`runnable_schema`.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from signoff.channels import BaseChannel
from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.config import merge_configs
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
from signoff.graph.runnable_schema import SchemaAPI
from signoff.graph.running import RunAPI
from signoff.graph.schema import channels_for, coerce_state
from signoff.graph.threads import ThreadStateAPI
from signoff.runtime import caching
from signoff.runtime.apply import ephemeral_channels, probe_writes
from signoff.runtime.node import Writes
from signoff.runtime.options import graph_options
from signoff.runtime.plan import Task, trigger_index
from signoff.types import Command


class CompiledStateGraph(ThreadStateAPI, RunAPI, SchemaAPI):
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
        self.bound_config: RunnableConfig = {}
        """Config `with_config` bound: the base of every run's config."""
        self.name = name
        self.store = store
        self.context_schema = builder.context_schema
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
        self.stream_keys = (
            *self.state_keys,
            *(k for k in self.output_keys if k not in self.state_keys),
        )
        """What streamed values, updates and `get_state` show: the whole state, as LangGraph
        (only `invoke`'s result is cut to the output schema)."""
        self.stream_set = frozenset(self.stream_keys)
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
        """The output schema's keys that have a value: what `invoke` returns."""
        return _read(channels, self.output_keys)

    def read_stream(self, channels: Mapping[str, BaseChannel]) -> dict[str, Any]:
        """The state's keys that have a value: what the `values` stream and `get_state` show."""
        if self.stream_keys == self.output_keys:
            return self.read_output(channels)
        return _read(channels, self.stream_keys)

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

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        """The graph's name (`compile(name=...)`, else "LangGraph"), with `suffix` joined as
        langchain_core's runnables join it."""
        name = name or self.name
        if not suffix:
            return name
        return name + suffix.title() if name[0].isupper() else f"{name}_{suffix.lower()}"

    # --- drawing ---

    def get_graph(self, config: RunnableConfig | None = None, *, xray: int | bool = False) -> Any:
        from signoff.graph.mermaid import drawable, with_subgraphs

        drawn = drawable(
            self.builder,
            interrupt_before=_breakpoints(self.interrupt_before_nodes),
            interrupt_after=_breakpoints(self.interrupt_after_nodes),
        )
        return with_subgraphs(drawn, self.nodes, xray) if xray else drawn

    def with_config(
        self, config: RunnableConfig | None = None, **kwargs: Any
    ) -> CompiledStateGraph:
        """A copy of this graph whose runs start from `config` (and keyword config keys, e.g.
        `recursion_limit=5`) merged under the config each call passes, as LangGraph's."""
        bound = copy.copy(self)
        bound.bound_config = merge_configs(self.bound_config, {**(config or {}), **kwargs})
        return bound


def _read(channels: Mapping[str, BaseChannel], keys: Sequence[str]) -> dict[str, Any]:
    out = {}
    for key in keys:
        ch = channels[key]
        if ch.is_available():
            out[key] = ch.value
    return out


def _breakpoints(nodes: Any) -> list[str]:
    """The nodes a compile-time breakpoint list names, for drawing (`"*"` marks none, as in
    LangGraph's drawing)."""
    if not nodes or nodes == "*":
        return []
    return list(nodes)


def _no_state(writes: Any) -> Any:
    raise AssertionError("input checking evaluates no branches")


__all__ = ["CompiledStateGraph", "GraphInterrupt"]
