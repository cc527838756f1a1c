"""From a `StateGraph` builder to what the runtime runs: channels and `NodeSpec`s.

Every edge becomes a write to a trigger channel: `a → b` makes `a` write `branch:to:b`, which
triggers `b` in the next step; `[a, b] → c` makes both write a barrier channel `join:a+b:c` that
triggers `c` once both have written; conditional edges and `Command(goto=...)` write the same
channels, decided at run time; `Send` packets go to the `__pregel_tasks` topic.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Sequence
from typing import Any

from signoff.channels import (
    BaseChannel,
    EphemeralValue,
    LastValueAfterFinish,
    NamedBarrierValue,
    Topic,
)
from signoff.constants import END, START, TASKS
from signoff.errors import GraphInterrupt, InvalidUpdateError, ParentCommand
from signoff.graph.builder import StateGraph
from signoff.graph.declared import Branch
from signoff.graph.schema import channels_for, coerce_state, is_pydantic_model, update_as_tuples
from signoff.runtime.context import current_task, run_loop
from signoff.runtime.handlers import error_parameter
from signoff.runtime.node import NodeSpec, ReadState, Writes, injections
from signoff.runtime.node_config import reporting_callbacks
from signoff.types import Command, Send


def trigger_channel(node: str) -> str:
    return f"branch:to:{node}"


def join_channel(sources: Sequence[str], target: str) -> str:
    return f"join:{'+'.join(sources)}:{target}"


def build_channels(builder: StateGraph) -> dict[str, BaseChannel]:
    channels: dict[str, BaseChannel] = {}
    schemas = [builder.state_schema, builder.input_schema, builder.output_schema]
    schemas += [n.input_schema for n in builder.nodes.values() if n.input_schema is not None]
    for schema in schemas:
        for key, channel in channels_for(schema).items():
            channels.setdefault(key, channel)
    channels[START] = EphemeralValue(Any, key=START)
    for name in builder.nodes:
        key = trigger_channel(name)
        deferred = builder.nodes[name].defer
        channels[key] = (
            LastValueAfterFinish(Any, key=key)
            if deferred
            else EphemeralValue(Any, key=key, guard=False)
        )
    for sources, target in builder.waiting_edges:
        key = join_channel(sources, target)
        defer = target in builder.nodes and builder.nodes[target].defer
        channels[key] = NamedBarrierValue(set(sources), key=key, after_finish=defer)
    channels[TASKS] = Topic(Send, key=TASKS)
    return channels


def state_updates(result: Any, keys: Sequence[str], node: str) -> Writes:
    """The state writes of what a node returned (None, a dict, a schema instance, a Command)."""
    if result is None:
        return []
    if isinstance(result, Command):
        if result.graph == Command.PARENT:
            # addressed to the parent, which sees it as its own node's command (as LangGraph)
            raise ParentCommand(
                Command(update=result.update, goto=result.goto, resume=result.resume)
            )
        update = result.update
        if update is None:
            return []
        if isinstance(update, (list, tuple)):
            return [(k, v) for k, v in update]
        return update_as_tuples(update, keys, node)
    if isinstance(result, (list, tuple)) and result and all(isinstance(r, Command) for r in result):
        return [w for r in result for w in state_updates(r, keys, node)]
    if isinstance(result, Send):  # a bare Send returned by a node: no update, a fan-out (LangGraph)
        return []
    return update_as_tuples(result, keys, node)


def goto_writes(goto: Any, nodes: Sequence[str], source: str) -> Writes:
    items = goto if isinstance(goto, (list, tuple)) else [goto]
    writes: Writes = []
    for item in items:
        if isinstance(item, Send):
            writes.append((TASKS, checked_send(item, nodes, source)))
        elif item == END:
            continue
        elif isinstance(item, str):
            if item not in nodes:
                raise InvalidUpdateError(
                    f"Node '{source}' went to unknown node '{item}' (Command.goto); "
                    f"known nodes: {', '.join(nodes)}"
                )
            writes.append((trigger_channel(item), None))
        else:
            raise TypeError(f"In Command.goto, expected Send/str, got {type(item).__name__}")
    return writes


def checked_send(send: Send, nodes: Sequence[str], source: str) -> Send:
    """A `Send` to a node the graph has; any other fails the step that sends it (LangGraph would
    drop it with a warning, and the work it carried would silently never happen)."""
    if send.node not in nodes:
        raise InvalidUpdateError(
            f"Node '{source}' sent to unknown node '{send.node}' (Send); "
            f"known nodes: {', '.join(nodes)}"
        )
    return send


def command_gotos(result: Any) -> list[Any]:
    if isinstance(result, Command):
        return [result.goto] if result.goto else []
    if isinstance(result, Send):
        return [result]
    if isinstance(result, (list, tuple)):
        return [r.goto for r in result if isinstance(r, Command) and r.goto]
    return []


class BranchRunner:
    """Evaluates one conditional edge on the state a node's writes produce."""

    __slots__ = ("branch", "inject", "is_async", "name", "nodes", "tag")

    def __init__(self, branch: Branch, nodes: Sequence[str], position: int = 1) -> None:
        self.branch = branch
        self.nodes = nodes
        # As in LangGraph, a path function gets the config or runtime only when it has a parameter
        # for it (`config`, `runtime`, or one annotated so); `tools_condition(state, messages_key)`
        # must be called with the state alone.
        self.inject = {
            kind: param
            for kind, param in injections(branch.path).items()
            if kind in ("config", "runtime")
        }
        self.tag = f"seq:step:{position}"
        """Its run's tag when the run reports to callbacks: LangGraph runs a node as a sequence
        (the node, its state writer, a writer per static edge, then its branches), whose N-th
        step is tagged `seq:step:N`; `position` is the branch's N."""
        name = getattr(branch.path, "__name__", None)
        self.name: str | None = None if name == "<lambda>" else name
        """Its run's name: the path function's (None for a lambda, see `report_route`)."""
        self.is_async = is_coroutine_function(branch.path)
        """An `async def` path function: awaited on the run's loop (async runs only)."""

    def route(self, state: Any, config: Any = None) -> Any:
        """What the path function says for `state`; `config` (the task's unless given) if it
        takes one."""
        branch = self.branch
        loop = run_loop() if self.is_async else None
        if self.is_async and loop is None:  # LangGraph's words
            raise TypeError(
                f'No synchronous function provided to "{self.name or "RunnableCallable"}".\n'
                "Either initialize with a synchronous function or invoke via the async API "
                "(ainvoke, astream, etc.)"
            )
        if not self.inject:
            result = branch.path(state)
        else:
            ctx = current_task()
            values = {
                "config": config if config is not None else ctx.config if ctx is not None else {},
                "runtime": ctx.runtime if ctx is not None else None,
            }
            result = branch.path(state, **{p: values[k] for k, p in self.inject.items()})
        if loop is not None:  # on a worker thread of the async run (see `NodeSpec.async_branches`)
            return asyncio.run_coroutine_threadsafe(result, loop).result()
        return result

    def writes(self, state: Any, callbacks: Any = None) -> Writes:
        """The writes that send the run where the path function says. With `callbacks` (the
        task's, when its run reports to them) the call is reported as a run of its own."""
        if callbacks is None:
            result = self.route(state)
        else:
            from signoff.runtime.callbacks import report_route

            result = report_route(callbacks, self, state)
        branch = self.branch
        items = result if isinstance(result, list) else [result]
        writes: Writes = []
        for item in items:
            if isinstance(item, Send):
                writes.append((TASKS, checked_send(item, self.nodes, branch.source)))
                continue
            if branch.path_map is not None:
                if item not in branch.path_map:
                    raise InvalidUpdateError(
                        f"Branch from '{branch.source}' returned {item!r}, which is not in its "
                        f"path_map ({', '.join(map(repr, branch.path_map))})"
                    )
                item = branch.path_map[item]
            if item == END:
                continue
            if item not in self.nodes:
                raise InvalidUpdateError(
                    f"Branch from '{branch.source}' returned unknown node {item!r}; "
                    f"known nodes: {', '.join(self.nodes)}"
                )
            writes.append((trigger_channel(item), None))
        return writes


def is_coroutine_function(fn: Any) -> bool:
    """`async def`, or an object whose `__call__` is."""
    return inspect.iscoroutinefunction(fn) or (
        not inspect.isfunction(fn) and inspect.iscoroutinefunction(type(fn).__call__)
    )


def _reporting() -> Any:
    """The callbacks a branch reports its run to: the running task's, if its run reports."""
    ctx = current_task()
    return None if ctx is None else reporting_callbacks(ctx.config)


def make_writer(
    name: str,
    keys: Sequence[str],
    control: Writes,
    branches: Sequence[BranchRunner],
    nodes: Sequence[str],
    coerce: Callable[[Any], Any] | None = None,
) -> Callable[[Any, ReadState], Writes]:
    """How node `name`'s return value becomes writes: state updates, then edges and branches."""

    def writer(result: Any, read_state: ReadState) -> Writes:
        if coerce is not None and isinstance(result, dict):
            result = coerce(result)
        writes = state_updates(result, keys, name)
        for goto in command_gotos(result):
            writes.extend(goto_writes(goto, nodes, name))
        if control:
            writes.extend(control)
        if branches:
            state = read_state(writes)
            callbacks = _reporting()
            try:
                for branch in branches:
                    writes.extend(branch.writes(state, callbacks))
            except GraphInterrupt as pause:
                pause.written = tuple(writes)
                raise
        return writes

    return writer


def _first_branch_step(source: str, control: dict[str, Writes]) -> int:
    """The `seq:step:N` of `source`'s first branch in LangGraph's sequence for the node: after
    the node itself (START has none), its state writer and one writer per static edge."""
    return (2 if source == START else 3) + len(control.get(source, ()))


def input_validator(schema: Any) -> Callable[[Any], Any] | None:
    """Pydantic state schemas validate the graph input, as in LangGraph."""
    if not is_pydantic_model(schema):
        return None

    def validate(value: dict[str, Any]) -> Any:
        schema(**value)  # raises pydantic's ValidationError; the input is stored as given
        return {k: v for k, v in value.items() if k in schema.model_fields}

    return validate


def build_nodes(builder: StateGraph, channels: dict[str, BaseChannel]) -> dict[str, NodeSpec]:
    node_names = list(builder.nodes)
    state_keys = [k for k in channels if not _internal(k)]
    specs: dict[str, NodeSpec] = {}
    control: dict[str, Writes] = {name: [] for name in [START, *node_names]}
    for source, target in sorted(builder.edges):
        if target != END:
            control[source].append((trigger_channel(target), None))
    for sources, target in sorted(builder.waiting_edges):
        for source in sources:
            control[source].append((join_channel(sources, target), source))
    branches = {
        source: [
            BranchRunner(b, node_names, _first_branch_step(source, control) + i)
            for i, b in enumerate(bs.values())
        ]
        for source, bs in builder.branches.items()
    }
    input_keys = list(channels_for(builder.input_schema))
    specs[START] = NodeSpec(
        name=START,
        fn=_identity,
        triggers=(START,),
        reads=(),
        read_single=START,
        writer=make_writer(
            START,
            input_keys,
            control[START],
            branches.get(START, ()),
            node_names,
            input_validator(builder.input_schema),
        ),
        hidden=True,
        async_branches=any(b.is_async for b in branches.get(START, ())),
    )
    for name, nd in builder.nodes.items():
        schema = nd.input_schema or builder.state_schema
        reads = tuple(channels_for(schema))
        triggers = [trigger_channel(name)]
        triggers += [join_channel(s, t) for s, t in sorted(builder.waiting_edges) if t == name]
        fn = nd.fn
        subgraphs = find_subgraphs(fn)
        afn = None
        if _is_graph(fn):
            fn, afn = _subgraph_node(fn)
        is_async = is_coroutine_function(fn)
        specs[name] = NodeSpec(
            name=name,
            fn=fn,
            triggers=tuple(triggers),
            reads=reads,
            writer=make_writer(name, state_keys, control[name], branches.get(name, ()), node_names),
            async_branches=any(b.is_async for b in branches.get(name, ())),
            mapper=coerce_state(schema),
            inject={**injections(fn), **error_parameter(fn)},
            is_async=is_async,
            retry_policy=nd.retry_policy,
            cache_policy=nd.cache_policy,
            timeout=nd.timeout,
            metadata=nd.metadata,
            defer=nd.defer,
            subgraphs=subgraphs,
            state_keys=frozenset(state_keys),
            afn=afn,
        )
    return specs


def _is_graph(obj: Any) -> bool:
    return hasattr(obj, "invoke") and hasattr(obj, "get_state") and hasattr(obj, "nodes")


def find_subgraphs(fn: Any) -> tuple[Any, ...]:
    """The compiled graphs a node runs: the node itself, or graphs its function refers to (closure
    variables and module globals it names), as LangGraph finds them for `get_state(subgraphs=True)`
    and for the namespaces of their checkpoints."""
    if _is_graph(fn):
        return (fn,)
    code = getattr(fn, "__code__", None)
    if code is None:
        return ()
    found: list[Any] = []
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if _is_graph(value) and value not in found:
            found.append(value)
    names = getattr(fn, "__globals__", {})
    for name in code.co_names:
        value = names.get(name)
        if value is not None and _is_graph(value) and value not in found:
            found.append(value)
    return tuple(found)


def _subgraph_node(graph: Any) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """A compiled graph used as a node: invoked with the node's input, inside the node's task
    (`invoke` in sync runs, `ainvoke` in async ones, so its async nodes work)."""

    def run_subgraph(state: Any) -> Any:
        return graph.invoke(state)

    async def arun_subgraph(state: Any) -> Any:
        return await graph.ainvoke(state)

    run_subgraph.__name__ = arun_subgraph.__name__ = getattr(graph, "name", "subgraph")
    return run_subgraph, arun_subgraph


def _internal(key: str) -> bool:
    return key in (START, TASKS) or key.startswith(("branch:to:", "join:"))


def _identity(value: Any) -> Any:
    return value
