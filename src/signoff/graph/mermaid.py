"""`get_graph()`: the declared nodes and edges of a builder, handed to the drawing module."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from signoff.constants import END, START
from signoff.graph.builder import StateGraph
from signoff.graph.drawing import Declared, DrawableGraph, from_edges


def declared_edges(builder: StateGraph) -> list[Declared]:
    """Every edge as (source, target, conditional, label), in the terms `from_edges` takes."""
    edges: list[Declared] = [(s, t, False, None) for s, t in builder.edges]
    for sources, target in builder.waiting_edges:
        edges.extend((s, target, False, None) for s in sources)
    names = list(builder.nodes)
    for source, branches in builder.branches.items():
        for branch in branches.values():
            if branch.path_map is not None:
                edges.extend((source, t, True, str(k)) for k, t in branch.path_map.items())
            else:
                edges.extend((source, t, True, None) for t in branch.destinations(names))
    for name, node in builder.nodes.items():
        edges.extend((name, t, True, None) for t in node.destinations)
    return edges


def drawable(builder: StateGraph, **notes: Any) -> DrawableGraph:
    deferred = [n for n, d in builder.nodes.items() if d.defer]
    metadata = {n: d.metadata or None for n, d in builder.nodes.items()}
    return from_edges(
        list(builder.nodes),
        declared_edges(builder),
        metadata=metadata,
        deferred=deferred,
        tools=node_tools(builder),
        runs={START: NODE_SPEC, **{name: runner_id(d.fn) for name, d in builder.nodes.items()}},
        **notes,
    )


def node_tools(builder: StateGraph) -> dict[str, list[str]]:
    """The tool names of each node that runs a `ToolNode` (read, like LangGraph, from any node
    with a `tools_by_name` mapping), which the drawing notes as `__tools`."""
    tools: dict[str, list[str]] = {}
    for name, spec in builder.nodes.items():
        by_name = getattr(spec.fn, "tools_by_name", None)
        if isinstance(by_name, Mapping) and by_name:
            tools[name] = list(by_name)
    return tools


NODE_SPEC = ("signoff", "runtime", "node", "NodeSpec")
"""What runs a function node (LangGraph's drawing names its own wrapper, `RunnableCallable`)."""


def runner_id(fn: Any) -> list[str]:
    """What runs a node, by class path, as LangGraph's `to_json` names it: a langchain_core
    Runnable and signoff's own runnables (graphs, `ToolNode`) by their class, a function by the
    node wrapper."""
    cls = type(fn)
    runnables = sys.modules.get("langchain_core.runnables")
    if runnables is not None and isinstance(fn, runnables.Runnable):
        from langchain_core.load.serializable import to_json_not_implemented

        if isinstance(fn, runnables.RunnableSerializable):
            return list(fn.lc_id())
        return list(to_json_not_implemented(fn)["id"])
    if cls.__module__.split(".")[0] == "signoff":
        return [*cls.__module__.split("."), cls.__name__]
    return list(NODE_SPEC)


__all__ = ["END", "declared_edges", "drawable"]


def with_subgraphs(drawn: DrawableGraph, nodes: dict[str, Any], xray: int | bool) -> DrawableGraph:
    """`get_graph(xray=...)`: each node that runs a compiled subgraph replaced by the subgraph's
    own nodes, named `node:inner` (`xray=True`: all levels; an int: that many), as LangGraph
    does it: the subgraph's START and END dropped when it has one entry and one exit, its
    nodes and edges added after the graph's own, and the edges to and from the node moved to
    the subgraph's first and last node."""
    for name, spec in nodes.items():
        if not spec.subgraphs or name not in drawn.nodes:
            continue
        deeper = xray if xray is True else int(xray) - 1
        sub = spec.subgraphs[0]
        inner = sub.get_graph(xray=deeper) if deeper else sub.get_graph()
        if len(inner.nodes) <= 1 or inner.first_node() is None or inner.last_node() is None:
            continue
        inner.trim_first_node()
        inner.trim_last_node()
        first, last = inner.first_node(), inner.last_node()
        prefix = f"{name}:"
        del drawn.nodes[name]
        for node in inner.nodes.values():
            drawn.nodes[prefix + node.id] = node._replace(id=prefix + node.id)
        edges = [
            e._replace(
                source=prefix + last.id if last and e.source == name else e.source,
                target=prefix + first.id if first and e.target == name else e.target,
            )
            for e in drawn.edges
        ]
        edges.extend(
            e._replace(source=prefix + e.source, target=prefix + e.target) for e in inner.edges
        )
        drawn.edges = edges
    return drawn
