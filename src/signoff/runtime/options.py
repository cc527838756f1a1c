"""The graph-wide side of LangGraph 1.2's node options, fixed at compile time.

Per-node policies (retry, timeout, cache policy, defer) live on each `NodeSpec`; what needs the
whole graph lives here: the cache the graph was compiled with, which node's failures go to which
error handler, and whether any node is deferred. A graph that uses none of them shares
`NO_OPTIONS`, and the runtime checks one attribute per step to skip all of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from signoff.runtime.node import NodeSpec

if TYPE_CHECKING:
    from signoff.graph.builder import StateGraph


@dataclass(frozen=True, slots=True)
class GraphOptions:
    cache: Any = None
    """A `signoff.cache.base.BaseCache` for nodes with a `cache_policy`, or None."""
    handlers: Mapping[str, NodeSpec] = field(default_factory=dict)
    """Node name → the error-handler node its failures go to."""
    deferred: bool = False
    """Whether some node waits for the end of the run (`defer=True`)."""


NO_OPTIONS = GraphOptions()


def graph_options(builder: StateGraph, nodes: Mapping[str, NodeSpec], cache: Any) -> GraphOptions:
    """The options of a graph assembled from `builder` into `nodes`."""
    handlers = {
        name: nodes[nd.error_handler]
        for name, nd in builder.nodes.items()
        if nd.error_handler is not None and not nd.is_error_handler
    }
    deferred = any(nd.defer for nd in builder.nodes.values())
    if not handlers and not deferred and cache is None:
        return NO_OPTIONS
    return GraphOptions(cache=cache, handlers=handlers, deferred=deferred)
