"""A drawable description of a graph: what `compiled.get_graph()` returns.

`from_edges` turns the declared nodes and edges of a builder into the same picture LangGraph 1.2.22
draws (which edges it shows, in which order, with which labels and node notes), and
`DrawableGraph.draw_mermaid()` renders it to the same Mermaid text, character for character
(`drawing_mermaid`). `draw_ascii()` is signoff's own plain-text rendering (`drawing_ascii`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from signoff.constants import END, START
from signoff.graph.drawing_ascii import render_ascii
from signoff.graph.drawing_mermaid import DEFAULT_STYLES as DEFAULT_STYLES
from signoff.graph.drawing_mermaid import node_styles, render_mermaid

Declared = tuple[str, str, bool, "str | None"]
"""(source, target, conditional, label) of an edge as the builder declared it."""


class Node(NamedTuple):
    id: str
    name: str
    data: Any = None
    """What runs the node, as `to_json` names it (a class path such as
    `["signoff", "runtime", "node", "NodeSpec"]`); None for END and an entrypoint's START."""
    metadata: dict[str, Any] | None = None


class Edge(NamedTuple):
    source: str
    target: str
    data: str | None = None
    conditional: bool = False


class DrawableGraph:
    """Nodes (id → `Node`) and edges, in drawing order."""

    def __init__(self, nodes: dict[str, Node] | None = None, edges: list[Edge] | None = None):
        self.nodes: dict[str, Node] = nodes or {}
        self.edges: list[Edge] = edges or []

    def add_node(self, id: str, metadata: dict[str, Any] | None = None, data: Any = None) -> Node:
        node = Node(id, id, data, metadata)
        self.nodes[id] = node
        return node

    def add_edge(
        self, source: str, target: str, data: str | None = None, cond: bool = False
    ) -> None:
        """Add an edge unless one between the same two nodes exists (the first one wins)."""
        if any(e.source == source and e.target == target for e in self.edges):
            return
        if target not in self.nodes and target == END:
            self.add_node(END)
        self.edges.append(Edge(source, target, data, cond))

    def first_node(self, exclude: Collection[str] = ()) -> Node | None:
        """The one node no edge leads to, or None if there is not exactly one (nodes in
        `exclude`, and their edges, left out)."""
        targets = {e.target for e in self.edges if e.source not in exclude}
        found = [n for n in self.nodes.values() if n.id not in exclude and n.id not in targets]
        return found[0] if len(found) == 1 else None

    def last_node(self, exclude: Collection[str] = ()) -> Node | None:
        """The one node no edge leaves, or None if there is not exactly one."""
        sources = {e.source for e in self.edges if e.target not in exclude}
        found = [n for n in self.nodes.values() if n.id not in exclude and n.id not in sources]
        return found[0] if len(found) == 1 else None

    def trim_first_node(self) -> None:
        """Drop the first node if it has one edge out and another node would then be first."""
        first = self.first_node()
        if first and self.first_node([first.id]) and self._count(source=first.id) == 1:
            self._remove(first.id)

    def trim_last_node(self) -> None:
        """Drop the last node if it has one edge in and another node would then be last."""
        last = self.last_node()
        if last and self.last_node([last.id]) and self._count(target=last.id) == 1:
            self._remove(last.id)

    def _count(self, *, source: str | None = None, target: str | None = None) -> int:
        """How many distinct edges leave `source` (or enter `target`)."""
        return len({e for e in self.edges if e.source == source or e.target == target})

    def _remove(self, node_id: str) -> None:
        del self.nodes[node_id]
        self.edges = [e for e in self.edges if node_id not in (e.source, e.target)]

    def draw_mermaid(
        self,
        *,
        with_styles: bool = True,
        curve_style: Any = "linear",
        node_colors: Any = None,
        wrap_label_n_words: int = 9,
        frontmatter_config: dict[str, Any] | None = None,
    ) -> str:
        """Mermaid flowchart text, identical to LangGraph's `get_graph().draw_mermaid()`."""
        first, last = self.first_node(), self.last_node()
        return render_mermaid(
            self.nodes,
            self.edges,
            first=first.id if first else None,
            last=last.id if last else None,
            with_styles=with_styles,
            curve=str(getattr(curve_style, "value", curve_style)),
            styles=node_styles(node_colors),
            wrap=wrap_label_n_words,
            frontmatter=frontmatter_config,
        )

    def draw_ascii(self) -> str:
        """Boxes in walking order from the first node, each followed by its outgoing edges."""
        return render_ascii(self.nodes, self.edges)

    def print_ascii(self) -> None:
        print(self.draw_ascii())

    def to_json(self) -> dict[str, Any]:
        """Nodes and edges as plain JSON values, in langchain_core's `Graph.to_json()` shape
        (what LangGraph's `get_graph().to_json()` gives): a node has `type` "runnable" and
        `data` {`id`: what runs it, `name`} unless nothing runs it (END), `metadata` when it has
        notes; an edge has `data` when labelled and `conditional` when conditional."""
        nodes: list[dict[str, Any]] = []
        for node in self.nodes.values():
            entry: dict[str, Any] = {"id": node.id}
            if node.data is not None:
                entry["type"] = "runnable"
                entry["data"] = {"id": list(node.data), "name": node.id}
            if node.metadata is not None:
                entry["metadata"] = node.metadata
            nodes.append(entry)
        edges: list[dict[str, Any]] = []
        for e in self.edges:
            edge: dict[str, Any] = {"source": e.source, "target": e.target}
            if e.data is not None:
                edge["data"] = e.data
            if e.conditional:
                edge["conditional"] = True
            edges.append(edge)
        return {"nodes": nodes, "edges": edges}


def from_edges(
    nodes: Sequence[str],
    edges: Iterable[Declared],
    *,
    metadata: Mapping[str, Mapping[str, Any] | None] | None = None,
    interrupt_before: Collection[str] = (),
    interrupt_after: Collection[str] = (),
    deferred: Collection[str] = (),
    tools: Mapping[str, Sequence[str]] | None = None,
    runs: Mapping[str, Sequence[str]] | None = None,
) -> DrawableGraph:
    """The graph LangGraph 1.2.22 draws for a builder with these nodes and declared edges.

    `nodes`: the builder's nodes in `add_node` order, without START and END. `edges`: every edge
    the builder declares, as (source, target, conditional, label): plain edges (START and END
    included) with conditional=False, label=None; each source of a join edge separately; each
    end of a conditional edge with conditional=True and label = the path-map key (None for a list
    path map or `Literal` return type); each `Command` destination likewise. A conditional edge
    with no known ends contributes nothing. `runs`: what runs each node (START included), as
    `to_json` shows it. The other arguments become node notes.

    As LangGraph does: only edges from nodes reachable from START are shown; a label equal to its
    target is dropped; edges are sorted; plain edges to END are not drawn, instead every node that
    is entered but never left gets an edge to END.
    """
    declared = [(s, t, c, None if label == t else label) for s, t, c, label in edges]
    reachable = _reachable(declared)
    shown = {(s, t, c, label) for s, t, c, label in declared if s in reachable and (t != END or c)}
    runs = runs or {}
    graph = DrawableGraph()
    graph.add_node(START, data=runs.get(START))
    for name in nodes:
        notes = _notes(name, metadata, interrupt_before, interrupt_after, deferred, tools)
        graph.add_node(name, notes or None, runs.get(name))
    for s, t, c, label in sorted(shown, key=_edge_key):
        graph.add_edge(s, t, label, c)
    termini = {t for _, t, _, _ in shown if t != END} - {s for s, _, _, _ in shown}
    if termini:
        for t in sorted(termini):
            graph.add_edge(t, END)
    elif not any(t == END for _, t, _, _ in shown):
        last_step = _last_step(declared)
        if len(last_step) == 1:
            graph.add_edge(last_step[0], END, cond=True)
    return graph


def _edge_key(edge: Declared) -> tuple[str, str, bool, bool, str]:
    s, t, c, label = edge
    return (s, t, c, label is not None, label or "")


def _reachable(edges: list[Declared]) -> set[str]:
    seen = {START}
    todo = [START]
    while todo:
        here = todo.pop()
        for s, t, _, _ in edges:
            if s == here and t not in seen and t != END:
                seen.add(t)
                todo.append(t)
    return seen


def _last_step(edges: list[Declared], limit: int = 250) -> list[str]:
    """The nodes LangGraph's drawing walk ends on for a graph that never reaches END."""
    step = [START]
    ran = step
    for _ in range(-1, limit):
        if not step:
            break
        ran = step
        step = sorted({t for s, t, _, _ in edges if s in ran and t != END})
    return ran


def _notes(
    name: str,
    metadata: Mapping[str, Mapping[str, Any] | None] | None,
    before: Collection[str],
    after: Collection[str],
    deferred: Collection[str],
    tools: Mapping[str, Sequence[str]] | None,
) -> dict[str, Any]:
    notes = dict((metadata or {}).get(name) or {})
    if name in deferred:
        notes["defer"] = True
    if name in before and name in after:
        notes["__interrupt"] = "before,after"
    elif name in before:
        notes["__interrupt"] = "before"
    elif name in after:
        notes["__interrupt"] = "after"
    if tools and tools.get(name):
        notes["__tools"] = list(tools[name])
    return notes


__all__ = ["DrawableGraph", "Edge", "Node", "from_edges"]
