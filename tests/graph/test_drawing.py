"""`from_edges(...).draw_mermaid()` is LangGraph 1.2.22's `get_graph().draw_mermaid()` text.

Every expected text below was printed by LangGraph 1.2.22 for a StateGraph with the same nodes and
edges (the header and class lines common to all of them are in HEAD and TAIL).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from signoff.graph.drawing import DrawableGraph, Edge, Node, from_edges

HEAD = "---\nconfig:\n  flowchart:\n    curve: linear\n---\ngraph TD;\n"
TAIL = (
    "\tclassDef default fill:#f2f0ff,line-height:1.2\n"
    "\tclassDef first fill-opacity:0\n"
    "\tclassDef last fill:#bfb6fc\n"
)


@dataclass
class Case:
    name: str
    nodes: list[str]
    edges: list[tuple[str, str, bool, str | None]]
    options: dict[str, Any] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)

    def expected(self) -> str:
        return HEAD + "".join(f"\t{line}\n" for line in self.body) + TAIL


CASES = [
    Case(
        "linear",
        ["a", "b"],
        [
            ("__start__", "a", False, None),
            ("a", "b", False, None),
            ("b", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a --> b;",
            "b --> __end__;",
        ],
    ),
    Case(
        "cond_path_map",
        ["a", "b", "c"],
        [
            ("__start__", "a", False, None),
            ("a", "__end__", True, "z"),
            ("a", "b", True, "x"),
            ("a", "c", True, "y"),
            ("b", "__end__", False, None),
            ("c", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "c(c)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a -. &nbsp;z&nbsp; .-> __end__;",
            "a -. &nbsp;x&nbsp; .-> b;",
            "a -. &nbsp;y&nbsp; .-> c;",
            "b --> __end__;",
            "c --> __end__;",
        ],
    ),
    Case(
        "cond_no_path_map",
        ["a", "b", "c"],
        [
            ("__start__", "a", False, None),
            ("b", "__end__", False, None),
            ("c", "__end__", False, None),
        ],
        {},
        [
            "__start__(<p>__start__</p>)",
            "a(a)",
            "b(b)",
            "c(c)",
            "__end__(<p>__end__</p>)",
            "__start__ --> a;",
            "a --> __end__;",
        ],
    ),
    Case(
        "join",
        ["a", "b", "c"],
        [
            ("__start__", "a", False, None),
            ("__start__", "b", False, None),
            ("a", "c", False, None),
            ("b", "c", False, None),
            ("c", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "c(c)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "__start__ --> b;",
            "a --> c;",
            "b --> c;",
            "c --> __end__;",
        ],
    ),
    Case(
        "loop",
        ["a", "b"],
        [
            ("__start__", "a", False, None),
            ("a", "b", False, None),
            ("b", "__end__", True, "__end__"),
            ("b", "a", True, "a"),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a --> b;",
            "b -.-> __end__;",
            "b -.-> a;",
        ],
    ),
    Case(
        "cond_list",
        ["a", "b", "c"],
        [
            ("__start__", "a", False, None),
            ("a", "b", True, "b"),
            ("a", "c", True, "c"),
            ("b", "__end__", False, None),
            ("c", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "c(c)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a -.-> b;",
            "a -.-> c;",
            "b --> __end__;",
            "c --> __end__;",
        ],
    ),
    Case(
        "metadata_interrupts",
        ["a", "b"],
        [
            ("__start__", "a", False, None),
            ("a", "b", False, None),
            ("b", "__end__", False, None),
        ],
        {
            "metadata": {"a": {"k": 1, "lst": [1, 2], "obj": {"x": 1}, "s": "a[b]#c"}},
            "interrupt_before": ["a", "b"],
            "interrupt_after": ["b"],
        },
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a<hr/><small><em>k = 1\nlst = 1, 2\ns = a#91;b#93;#35;c\n__interrupt = before</em></small>)",
            "b(b<hr/><small><em>__interrupt = before,after</em></small>)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a --> b;",
            "b --> __end__;",
        ],
    ),
    Case(
        "names",
        ["my node", "_x_", "b-c.d"],
        [
            ("__start__", "my node", False, None),
            ("_x_", "b-c.d", False, None),
            ("b-c.d", "__end__", False, None),
            ("my node", "_x_", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "my\\20node(my node)",
            "_x_(<p>_x_</p>)",
            "b-c\\2ed(b-c.d)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> my\\20node;",
            "_x_ --> b-c\\2ed;",
            "my\\20node --> _x_;",
            "b-c\\2ed --> __end__;",
        ],
    ),
    Case(
        "self_loop_long_label",
        ["a"],
        [
            ("__start__", "a", False, None),
            ("a", "__end__", True, "stop"),
            ("a", "a", True, "again and again and again one two three four five six seven"),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a -. &nbsp;stop&nbsp; .-> __end__;",
            "a -. &nbsp;again and again and again one two three four&nbsp<br>&nbspfive six seven&nbsp; .-> a;",
        ],
    ),
    Case(
        "destinations",
        ["b", "c", "a"],
        [
            ("__start__", "a", False, None),
            ("a", "b", True, "to b"),
            ("a", "c", True, "c"),
            ("b", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "b(b)",
            "c(c)",
            "a(a)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a -. &nbsp;to b&nbsp; .-> b;",
            "a -.-> c;",
            "b --> __end__;",
            "c --> __end__;",
        ],
    ),
    Case(
        "endless_loop",
        ["a", "b"],
        [
            ("__start__", "a", False, None),
            ("a", "b", False, None),
            ("b", "a", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a --> b;",
            "b --> a;",
            "b -.-> __end__;",
        ],
    ),
    Case(
        "endless_loop3",
        ["a", "b", "c"],
        [
            ("__start__", "a", False, None),
            ("a", "b", False, None),
            ("b", "c", False, None),
            ("c", "a", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "c(c)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a --> b;",
            "b --> c;",
            "c --> a;",
            "a -.-> __end__;",
        ],
    ),
    Case(
        "label_equals_target",
        ["a", "b"],
        [
            ("__start__", "a", False, None),
            ("a", "__end__", True, "end"),
            ("a", "b", True, "b"),
            ("b", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a -. &nbsp;end&nbsp; .-> __end__;",
            "a -.-> b;",
            "b --> __end__;",
        ],
    ),
    Case(
        "uppercase_sort",
        ["a", "B"],
        [
            ("B", "__end__", False, None),
            ("__start__", "B", False, None),
            ("__start__", "a", False, None),
            ("a", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "B(B)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> B;",
            "__start__ --> a;",
            "B --> __end__;",
            "a --> __end__;",
        ],
    ),
    Case(
        "defer",
        ["a", "b"],
        [
            ("__start__", "b", False, None),
            ("a", "__end__", False, None),
            ("b", "a", False, None),
        ],
        {"deferred": ["a"]},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a<hr/><small><em>defer = True</em></small>)",
            "b(b)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> b;",
            "b --> a;",
            "a --> __end__;",
        ],
    ),
    Case(
        "edge_to_end_and_node",
        ["a", "b"],
        [
            ("__start__", "a", False, None),
            ("a", "__end__", False, None),
            ("a", "b", False, None),
            ("b", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a --> b;",
            "b --> __end__;",
        ],
    ),
    Case(
        "react",
        ["agent", "tools"],
        [
            ("__start__", "agent", False, None),
            ("agent", "__end__", True, "__end__"),
            ("agent", "tools", True, "tools"),
            ("tools", "agent", False, None),
        ],
        {"tools": {"tools": ["add", "mul"]}},
        [
            "__start__([<p>__start__</p>]):::first",
            "agent(agent)",
            "tools(tools<hr/><small><em>__tools = add, mul</em></small>)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> agent;",
            "agent -.-> __end__;",
            "agent -.-> tools;",
            "tools --> agent;",
        ],
    ),
    Case(
        "diamond",
        ["a", "b", "c", "d"],
        [
            ("__start__", "a", False, None),
            ("a", "b", True, "yes"),
            ("a", "c", True, "no"),
            ("b", "d", False, None),
            ("c", "d", False, None),
            ("d", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "c(c)",
            "d(d)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a -. &nbsp;yes&nbsp; .-> b;",
            "a -. &nbsp;no&nbsp; .-> c;",
            "b --> d;",
            "c --> d;",
            "d --> __end__;",
        ],
    ),
    Case(
        "orphan_b_end",
        ["a", "b"],
        [
            ("__start__", "a", False, None),
            ("__start__", "b", False, None),
            ("a", "__end__", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "__start__ --> b;",
            "a --> __end__;",
            "b --> __end__;",
        ],
    ),
    Case(
        "unreachable",
        ["a", "b", "z"],
        [
            ("__start__", "a", False, None),
            ("a", "b", False, None),
            ("b", "__end__", False, None),
            ("z", "b", False, None),
        ],
        {},
        [
            "__start__(<p>__start__</p>)",
            "a(a)",
            "b(b)",
            "z(z)",
            "__end__(<p>__end__</p>)",
            "__start__ --> a;",
            "a --> b;",
            "b --> __end__;",
        ],
    ),
    Case(
        "termini",
        ["a", "b", "c"],
        [
            ("__start__", "a", False, None),
            ("a", "b", True, "b"),
            ("a", "c", True, "c"),
            ("b", "c", False, None),
        ],
        {},
        [
            "__start__([<p>__start__</p>]):::first",
            "a(a)",
            "b(b)",
            "c(c)",
            "__end__([<p>__end__</p>]):::last",
            "__start__ --> a;",
            "a -.-> b;",
            "a -.-> c;",
            "b --> c;",
            "c --> __end__;",
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_mermaid_matches_langgraph(case: Case) -> None:
    graph = from_edges(case.nodes, case.edges, **case.options)
    assert graph.draw_mermaid() == case.expected()


def _linear() -> DrawableGraph:
    return from_edges(["a", "b"], [("__start__", "a", False, None), ("a", "b", False, None)])


def test_mermaid_without_styles() -> None:
    assert _linear().draw_mermaid(with_styles=False) == (
        "graph TD;\n\t__start__ --> a;\n\ta --> b;\n\tb --> __end__;\n"
    )


def test_mermaid_frontmatter_curve_and_node_colors() -> None:
    config = {
        "config": {
            "theme": "neutral",
            "look": "handDrawn",
            "themeVariables": {"primaryColor": "#e2e2e2"},
        }
    }
    text = _linear().draw_mermaid(curve_style="basis", frontmatter_config=config)
    assert text.startswith(
        "---\nconfig:\n  flowchart:\n    curve: basis\n  look: handDrawn\n  theme: neutral\n"
        "  themeVariables:\n    primaryColor: '#e2e2e2'\n---\ngraph TD;\n"
    )
    colors = {"default": "fill:red", "first": "x", "last": "y"}
    assert (
        _linear()
        .draw_mermaid(node_colors=colors)
        .endswith("\tclassDef default fill:red\n\tclassDef first x\n\tclassDef last y\n")
    )


def test_mermaid_long_labels_wrap() -> None:
    graph = from_edges(
        ["a"], [("__start__", "a", False, None), ("a", "__end__", True, "one two three")]
    )
    assert "a -. &nbsp;one two&nbsp<br>&nbspthree&nbsp; .-> __end__;" in graph.draw_mermaid(
        wrap_label_n_words=2
    )


def test_mermaid_subgraph_nodes_as_langgraph_xray_draws_them() -> None:
    nodes = ["__start__", "a", "sub:deep", "sub:j", "c", "__end__"]
    edges = [
        Edge("__start__", "a"),
        Edge("a", "sub:deep"),
        Edge("sub:deep", "sub:j"),
        Edge("sub:j", "c"),
        Edge("c", "__end__"),
    ]
    graph = DrawableGraph({n: Node(n, n) for n in nodes}, edges)
    assert (
        graph.draw_mermaid()
        == HEAD
        + (
            "\t__start__([<p>__start__</p>]):::first\n\ta(a)\n\tc(c)\n"
            "\t__end__([<p>__end__</p>]):::last\n\t__start__ --> a;\n\ta --> sub\\3adeep;\n"
            "\tsub\\3aj --> c;\n\tc --> __end__;\n\tsubgraph sub\n\tsub\\3adeep(deep)\n\tsub\\3aj(j)\n"
            "\tsub\\3adeep --> sub\\3aj;\n\tend\n"
        )
        + TAIL
    )


def test_graph_shape_first_and_last_nodes() -> None:
    graph = _linear()
    assert list(graph.nodes) == ["__start__", "a", "b", "__end__"]
    assert [(e.source, e.target, e.conditional) for e in graph.edges] == [
        ("__start__", "a", False),
        ("a", "b", False),
        ("b", "__end__", False),
    ]
    first, last = graph.first_node(), graph.last_node()
    assert first is not None and first.id == "__start__"
    assert last is not None and last.id == "__end__"
    assert graph.to_json()["edges"][0] == {"source": "__start__", "target": "a"}


def test_ascii_draws_every_node_and_edge() -> None:
    graph = from_edges(
        ["agent", "tools"],
        [
            ("__start__", "agent", False, None),
            ("agent", "tools", True, "call"),
            ("agent", "__end__", True, None),
            ("tools", "agent", False, None),
        ],
    )
    assert graph.draw_ascii() == "\n".join(
        [
            "+-----------+",
            "| __start__ |",
            "+-----------+",
            "      |",
            "      v",
            "+-------+",
            "| agent |",
            "+-------+",
            "  -.-> __end__",
            "  -.-> tools  (call)",
            "+-------+",
            "| tools |",
            "+-------+",
            "  ---> agent",
            "+---------+",
            "| __end__ |",
            "+---------+",
        ]
    )


def test_to_json_names_what_runs_each_node() -> None:
    from typing_extensions import TypedDict

    from signoff.graph import START, StateGraph

    class State(TypedDict):
        n: int

    inner = StateGraph(State)
    inner.add_node("leaf", lambda s: {"n": 1})
    inner.add_edge(START, "leaf")
    outer = StateGraph(State)
    outer.add_node("sub", inner.compile())
    outer.add_edge(START, "sub")
    nodes = {n["id"]: n for n in outer.compile().get_graph().to_json()["nodes"]}
    assert nodes["__start__"]["data"] == {
        "id": ["signoff", "runtime", "node", "NodeSpec"],
        "name": "__start__",
    }
    assert nodes["sub"]["data"]["id"] == ["signoff", "graph", "compiled", "CompiledStateGraph"]
    assert nodes["__end__"] == {"id": "__end__"}
    xray = outer.compile().get_graph(xray=True).to_json()
    assert [n["id"] for n in xray["nodes"]] == ["__start__", "__end__", "sub:leaf"]
    assert xray["edges"] == [
        {"source": "__start__", "target": "sub:leaf"},
        {"source": "sub:leaf", "target": "__end__"},
    ]
