"""`get_graph()`: the declared nodes and edges of a builder, handed to the drawing module."""

from __future__ import annotations

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
        **notes,
    )


__all__ = ["END", "declared_edges", "drawable"]


def with_subgraphs(drawn: DrawableGraph, nodes: dict[str, Any], xray: int | bool) -> DrawableGraph:
    """`get_graph(xray=...)`: each node that runs a compiled subgraph replaced by the subgraph's
    own nodes, named `node:inner` (`xray=True`: all levels; an int: that many)."""
    from signoff.graph.drawing import Edge, Node

    for name, spec in nodes.items():
        if not spec.subgraphs or name not in drawn.nodes:
            continue
        deeper = xray if xray is True else int(xray) - 1
        inner = (
            spec.subgraphs[0].get_graph(xray=deeper) if deeper else spec.subgraphs[0].get_graph()
        )
        prefix = f"{name}:"
        entries = [e.target for e in inner.edges if e.source == START]
        exits = [e.source for e in inner.edges if e.target == END]
        spliced: dict[str, Node] = {}
        for node_id, node in drawn.nodes.items():
            if node_id != name:
                spliced[node_id] = node
                continue
            for inner_id, inner_node in inner.nodes.items():
                if inner_id not in (START, END):
                    spliced[prefix + inner_id] = Node(
                        prefix + inner_id, inner_node.name, inner_node.data, inner_node.metadata
                    )
        edges: list[Edge] = []
        for e in drawn.edges:
            if e.target == name:
                edges.extend(Edge(e.source, prefix + t, e.data, e.conditional) for t in entries)
            elif e.source == name:
                edges.extend(Edge(prefix + s, e.target, e.data, e.conditional) for s in exits)
            else:
                edges.append(e)
        edges.extend(
            Edge(prefix + e.source, prefix + e.target, e.data, e.conditional)
            for e in inner.edges
            if e.source != START and e.target != END
        )
        drawn = DrawableGraph(spliced, edges)
    return drawn
