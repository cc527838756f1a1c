"""Mermaid text for a `DrawableGraph`, the same as LangGraph 1.2.22 draws, character for character.

A graph ported from LangGraph keeps its picture (`tests/graph/test_drawing.py` holds LangGraph's
text for each case), so every detail follows LangGraph's: node shapes, the escaping of labels and
ids, subgraph boxes for `parent:child` node names, the wrapping of long edge labels, the
frontmatter and the class styles.
"""

from __future__ import annotations

import dataclasses
import importlib
import string
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from signoff.graph.drawing import Edge, Node

DEFAULT_STYLES: Mapping[str, str] = {
    "default": "fill:#f2f0ff,line-height:1.2",
    "first": "fill-opacity:0",
    "last": "fill:#bfb6fc",
}


def node_styles(node_colors: Any) -> dict[str, str]:
    """The `classDef` lines' styles: LangGraph's defaults, or `node_colors` (dataclass or mapping)."""
    if node_colors is None:
        return dict(DEFAULT_STYLES)
    if dataclasses.is_dataclass(node_colors) and not isinstance(node_colors, type):
        return {k: str(v) for k, v in dataclasses.asdict(node_colors).items()}
    return {k: str(v) for k, v in dict(node_colors).items()}


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


def render_mermaid(
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
