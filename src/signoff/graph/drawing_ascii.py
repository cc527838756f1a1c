"""signoff's own plain-text drawing of a `DrawableGraph`, for terminals (`signoff graph`).

Boxes in walking order from the first node. A node whose only edge is unlabelled and leads to the
next box gets an arrow down to it; otherwise each of its edges is a line under its box naming the
target (and the edge's label).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from signoff.constants import END

if TYPE_CHECKING:
    from signoff.graph.drawing import Edge, Node


def render_ascii(nodes: dict[str, Node], edges: list[Edge]) -> str:
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
