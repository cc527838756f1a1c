"""`get_graph()`: the declared nodes and edges of a builder, handed to the drawing module."""

from __future__ import annotations

from typing import Any

from signoff.constants import END
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
