"""A drawable description of a graph: what `compiled.get_graph()` returns.

`from_edges` turns the declared nodes and edges of a builder into the same picture LangGraph 1.2.22
draws (which edges it shows, in which order, with which labels and node notes), and
`DrawableGraph.draw_mermaid()` renders it to the same Mermaid text, character for character.
`draw_ascii()` is signoff's own plain-text rendering.
"""

from __future__ import annotations

import dataclasses
import importlib
import string
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from signoff.constants import END, START

Declared = tuple[str, str, bool, "str | None"]
"""(source, target, conditional, label) of an edge as the builder declared it."""


class Node(NamedTuple):
    id: str
    name: str
    data: Any = None
    metadata: dict[str, Any] | None = None


class Edge(NamedTuple):
    source: str
    target: str
    data: str | None = None
    conditional: bool = False


DEFAULT_STYLES: Mapping[str, str] = {
    "default": "fill:#f2f0ff,line-height:1.2",
    "first": "fill-opacity:0",
    "last": "fill:#bfb6fc",
}


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

    def first_node(self) -> Node | None:
        """The one node no edge leads to, or None if there is not exactly one."""
        targets = {e.target for e in self.edges}
        found = [n for n in self.nodes.values() if n.id not in targets]
        return found[0] if len(found) == 1 else None

    def last_node(self) -> Node | None:
        """The one node no edge leaves, or None if there is not exactly one."""
        sources = {e.source for e in self.edges}
        found = [n for n in self.nodes.values() if n.id not in sources]
        return found[0] if len(found) == 1 else None

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
        return _mermaid(
            self.nodes,
            self.edges,
            first=first.id if first else None,
            last=last.id if last else None,
            with_styles=with_styles,
            curve=str(getattr(curve_style, "value", curve_style)),
            styles=_styles(node_colors),
            wrap=wrap_label_n_words,
            frontmatter=frontmatter_config,
        )

    def draw_ascii(self) -> str:
        """Boxes in walking order from the first node, each followed by its outgoing edges."""
        return _ascii(self.nodes, self.edges)

    def print_ascii(self) -> None:
        print(self.draw_ascii())

    def to_json(self) -> dict[str, Any]:
        """Nodes and edges as plain JSON values (for `signoff graph --json`)."""
        return {
            "nodes": [
                {"id": n.id, "name": n.name, "metadata": n.metadata} for n in self.nodes.values()
            ],
            "edges": [
                {
                    "source": e.source,
                    "target": e.target,
                    "data": e.data,
                    "conditional": e.conditional,
                }
                for e in self.edges
            ],
        }


def _styles(node_colors: Any) -> dict[str, str]:
    if node_colors is None:
        return dict(DEFAULT_STYLES)
    if dataclasses.is_dataclass(node_colors) and not isinstance(node_colors, type):
        return {k: str(v) for k, v in dataclasses.asdict(node_colors).items()}
    return {k: str(v) for k, v in dict(node_colors).items()}


def from_edges(
    nodes: Sequence[str],
    edges: Iterable[Declared],
    *,
    metadata: Mapping[str, Mapping[str, Any] | None] | None = None,
    interrupt_before: Collection[str] = (),
    interrupt_after: Collection[str] = (),
    deferred: Collection[str] = (),
    tools: Mapping[str, Sequence[str]] | None = None,
) -> DrawableGraph:
    """The graph LangGraph 1.2.22 draws for a builder with these nodes and declared edges.

    `nodes`: the builder's nodes in `add_node` order, without START and END. `edges`: every edge
    the builder declares, as (source, target, conditional, label): plain edges (START and END
    included) with conditional=False, label=None; each source of a join edge separately; each
    end of a conditional edge with conditional=True and label = the path-map key (None for a list
    path map or `Literal` return type); each `Command` destination likewise. A conditional edge
    with no known ends contributes nothing. The other arguments become node notes.

    As LangGraph does: only edges from nodes reachable from START are shown; a label equal to its
    target is dropped; edges are sorted; plain edges to END are not drawn, instead every node that
    is entered but never left gets an edge to END.
    """
    declared = [(s, t, c, None if label == t else label) for s, t, c, label in edges]
    reachable = _reachable(declared)
    shown = {(s, t, c, label) for s, t, c, label in declared if s in reachable and (t != END or c)}
    graph = DrawableGraph()
    graph.add_node(START)
    for name in nodes:
        notes = _notes(name, metadata, interrupt_before, interrupt_after, deferred, tools)
        graph.add_node(name, notes or None)
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


# --- Mermaid ---------------------------------------------------------------------------------------

_SAFE_ID_CHARS = frozenset(string.ascii_letters + string.digits + "_-")
_MARKDOWN = tuple("*_`")
_LABEL_ESCAPES = {
    "[": "#91;",
    "]": "#93;",
    "(": "#40;",
    ")": "#41;",
    "{": "#123;",
    "}": "#125;",
    '"': "#quot;",
    "<": "#60;",
    ">": "#62;",
    "|": "#124;",
}


def _mermaid(
    nodes: dict[str, Node],
    edges: list[Edge],
    *,
    first: str | None,
    last: str | None,
    with_styles: bool,
    curve: str,
    styles: dict[str, str],
    wrap: int,
    frontmatter: dict[str, Any] | None,
) -> str:
    out = [_frontmatter(frontmatter, curve) + "graph TD;\n" if with_styles else "graph TD;\n"]
    shapes = {first: "{0}([{1}]):::first", last: "{0}([{1}]):::last"}
    shapes.pop(None, None)
    grouped: dict[str, dict[str, Node]] = {}
    for key, node in nodes.items():
        grouped.setdefault(key.rsplit(":", 1)[0] if ":" in key else "", {})[key] = node

    def node_line(key: str, node: Node) -> str:
        return "\t" + shapes.get(key, "{0}({1})").format(_safe_id(key), _node_label(node)) + "\n"

    if with_styles:
        out.extend(node_line(k, n) for k, n in grouped.get("", {}).items())
    by_prefix: dict[str, list[Edge]] = {}
    for edge in edges:
        pairs = zip(edge.source.split(":"), edge.target.split(":"), strict=False)
        by_prefix.setdefault(":".join(s for s, t in pairs if s == t), []).append(edge)
    seen: set[str] = set()

    def subgraph(group: list[Edge], prefix: str) -> None:
        boxed = bool(prefix) and not (len(group) == 1 and group[0].source == group[0].target)
        if boxed:
            name = prefix.rsplit(":", 1)[-1]
            if name in seen:
                raise ValueError(
                    f"Found duplicate subgraph '{name}': give subgraph nodes unique names"
                )
            seen.add(name)
            out.append(f"\tsubgraph {name}\n")
            if with_styles:
                out.extend(node_line(k, n) for k, n in grouped.get(prefix, {}).items())
        out.extend(_edge_line(e, wrap) for e in group)
        for nested, nested_group in by_prefix.items():
            inner = nested[len(prefix) + 1 :]
            if nested.startswith(prefix + ":") and nested != prefix and ":" not in inner:
                subgraph(nested_group, nested)
        if boxed:
            out.append("\tend\n")

    subgraph(by_prefix.get("", []), "")
    for prefix, group in by_prefix.items():
        if prefix and ":" not in prefix:
            subgraph(group, prefix)
            seen.add(prefix)
    if with_styles:
        for prefix, members in grouped.items():
            if prefix and ":" not in prefix and prefix not in seen:
                out.append(f"\tsubgraph {prefix}\n")
                out.extend(node_line(k, n) for k, n in members.items())
                out.append("\tend\n")
                seen.add(prefix)
        out.extend(f"\tclassDef {name} {style}\n" for name, style in styles.items())
    return "".join(out)


def _frontmatter(config: dict[str, Any] | None, curve: str) -> str:
    if not config:
        return f"---\nconfig:\n  flowchart:\n    curve: {curve}\n---\n"
    inner = dict(config.get("config", {}))
    inner["flowchart"] = {**inner.get("flowchart", {}), "curve": curve}
    yaml = importlib.import_module("yaml")  # installed with langchain-core
    return "---\n" + str(yaml.dump({**config, "config": inner}, default_flow_style=False)) + "---\n"


def _node_label(node: Node) -> str:
    name = node.name.split(":")[-1]
    label = f"<p>{name}</p>" if name.startswith(_MARKDOWN) and name.endswith(_MARKDOWN) else name
    notes = [
        _escape(f"{key} = {text}")
        for key, value in (node.metadata or {}).items()
        if (text := _note_text(value)) is not None
    ]
    if notes:
        label += "<hr/><small><em>" + "\n".join(notes) + "</em></small>"
    return label


def _note_text(value: Any) -> str | None:
    scalars = (str, int, float, bool)
    if isinstance(value, scalars):
        return str(value)
    if isinstance(value, (list, tuple, set)) and all(isinstance(v, scalars) for v in value):
        items = [str(v) for v in value]
        return ", ".join(sorted(items) if isinstance(value, set) else items)
    return None


def _escape(text: str) -> str:
    text = text.replace("#", "#35;")
    for char, entity in _LABEL_ESCAPES.items():
        text = text.replace(char, entity)
    return text


def _edge_line(edge: Edge, wrap: int) -> str:
    if edge.data is None:
        arrow = " -.-> " if edge.conditional else " --> "
    else:
        text = str(edge.data)
        words = text.split()
        if len(words) > wrap:
            text = "&nbsp<br>&nbsp".join(
                " ".join(words[i : i + wrap]) for i in range(0, len(words), wrap)
            )
        arrow = (
            f" -. &nbsp;{text}&nbsp; .-> " if edge.conditional else f" -- &nbsp;{text}&nbsp; --> "
        )
    return f"\t{_safe_id(edge.source)}{arrow}{_safe_id(edge.target)};\n"


def _safe_id(key: str) -> str:
    return "".join(c if c in _SAFE_ID_CHARS else f"\\{ord(c):x}" for c in key)


# --- ASCII -----------------------------------------------------------------------------------------


def _ascii(nodes: dict[str, Node], edges: list[Edge]) -> str:
    order = _walk_order(nodes, edges)
    outgoing: dict[str, list[Edge]] = {key: [] for key in nodes}
    for e in edges:
        outgoing.setdefault(e.source, []).append(e)
    lines: list[str] = []
    for i, key in enumerate(order):
        name = nodes[key].name
        lines += [
            "+" + "-" * (len(name) + 2) + "+",
            f"| {name} |",
            "+" + "-" * (len(name) + 2) + "+",
        ]
        out = outgoing.get(key, [])
        following = order[i + 1] if i + 1 < len(order) else None
        if len(out) == 1 and out[0].target == following and out[0].data is None:
            mid = " " * ((len(name) + 4) // 2)
            lines += [mid + (":" if out[0].conditional else "|"), mid + "v"]
            continue
        for e in out:
            arrow = "-.->" if e.conditional else "--->"
            note = f"  ({e.data})" if e.data is not None else ""
            lines.append(
                f"  {arrow} {nodes[e.target].name if e.target in nodes else e.target}{note}"
            )
    return "\n".join(lines)


def _walk_order(nodes: dict[str, Node], edges: list[Edge]) -> list[str]:
    """Breadth-first from the nodes nothing leads to; the rest in insertion order; END last."""
    targets = {e.target for e in edges}
    queue = [k for k in nodes if k not in targets] or list(nodes)[:1]
    order: list[str] = []
    while queue:
        key = queue.pop(0)
        if key in order or key == END:
            continue
        order.append(key)
        queue.extend(e.target for e in edges if e.source == key)
    order += [k for k in nodes if k not in order and k != END]
    return order + ([END] if END in nodes else [])


__all__ = ["DrawableGraph", "Edge", "Node", "from_edges"]
