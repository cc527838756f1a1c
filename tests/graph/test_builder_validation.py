"""`signoff.graph.builder`: what `StateGraph` accepts, and the errors `add_*`/`compile` raise.

Every error message below was taken from LangGraph 1.2.22 by running the same builder calls under
/work/lgvenv; the ones signoff words differently are marked xfail with the difference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.base import RunnableConfig
from signoff.graph import END, START, StateGraph
from signoff.runtime import Runtime


class State(TypedDict, total=False):
    log: list[Any]


def a(state: State) -> State:
    return {"log": [*state.get("log", []), "a"]}


def b(state: State) -> State:
    return {"log": [*state.get("log", []), "b"]}


def graph_with(*calls: Callable[[StateGraph], Any]) -> StateGraph:
    builder = StateGraph(State)
    builder.add_node("a", a)
    for call in calls:
        call(builder)
    return builder


def _compile_unknown_target() -> Any:
    return graph_with(lambda g: g.add_edge(START, "a"), lambda g: g.add_edge("a", "nope")).compile()


def _compile_unknown_source() -> Any:
    return graph_with(
        lambda g: g.add_edge(START, "a"), lambda g: g.add_edge("ghost", "a")
    ).compile()


def _compile_no_entry() -> Any:
    return graph_with(lambda g: g.add_edge("a", END)).compile()


def _compile_no_nodes() -> Any:
    return StateGraph(State).compile()


def _compile_unknown_path_map_target() -> Any:
    return graph_with(
        lambda g: g.add_edge(START, "a"),
        lambda g: g.add_conditional_edges("a", lambda s: "x", {"x": "missing"}),
    ).compile()


def _compile_unknown_path_list_target() -> Any:
    return graph_with(
        lambda g: g.add_edge(START, "a"),
        lambda g: g.add_conditional_edges("a", lambda s: "x", ["missing", END]),
    ).compile()


def _compile_unknown_interrupt_node() -> Any:
    return graph_with(lambda g: g.add_edge(START, "a")).compile(interrupt_before=["zzz"])


def _add_duplicate_node() -> Any:
    return graph_with(lambda g: g.add_node("a", b))


def _add_reserved_node() -> Any:
    return StateGraph(State).add_node(END, a)


def _edge_from_end() -> Any:
    return StateGraph(State).add_edge(END, "a")


def _edge_to_start() -> Any:
    return StateGraph(State).add_edge("a", START)


def _empty_sequence() -> Any:
    return StateGraph(State).add_sequence([])


def _pipe_in_name() -> Any:
    return StateGraph(State).add_node("a|b", a)


def _join_from_unknown_node() -> Any:
    return graph_with(lambda g: g.add_edge(["a", "ghost"], END))


def _duplicate_in_sequence() -> Any:
    return StateGraph(State).add_sequence([a, a])


def _one_argument_reducer() -> Any:
    class Bad(TypedDict):
        x: Annotated[int, lambda only: only]

    return StateGraph(Bad)


def _different(reason: str) -> Any:
    return pytest.mark.xfail(strict=True, reason=reason)


LANGGRAPH_ERRORS = [
    pytest.param(_compile_unknown_target, "Found edge ending at unknown node `nope`", id="target"),
    pytest.param(
        _compile_unknown_source, "Found edge starting at unknown node 'ghost'", id="source"
    ),
    pytest.param(
        _compile_no_entry,
        "Graph must have an entrypoint: add at least one edge from START to another node",
        id="no-entry",
    ),
    pytest.param(
        _compile_no_nodes,
        "Graph must have an entrypoint: add at least one edge from START to another node",
        id="no-nodes",
    ),
    pytest.param(
        _compile_unknown_path_map_target,
        "At 'a' node, 'condition' branch found unknown target 'missing'",
        id="path-map",
    ),
    pytest.param(
        _compile_unknown_path_list_target,
        "At 'a' node, 'condition' branch found unknown target 'missing'",
        id="path-list",
    ),
    pytest.param(
        _compile_unknown_interrupt_node, "Interrupt node `zzz` not found", id="interrupt-node"
    ),
    pytest.param(_add_duplicate_node, "Node `a` already present.", id="duplicate"),
    pytest.param(_add_reserved_node, "Node `__end__` is reserved.", id="reserved"),
    pytest.param(_edge_from_end, "END cannot be a start node", id="from-end"),
    pytest.param(_edge_to_start, "START cannot be an end node", id="to-start"),
    pytest.param(_empty_sequence, "Sequence requires at least one node.", id="empty-sequence"),
    pytest.param(
        _pipe_in_name,
        "'|' is a reserved character and is not allowed in the node names.",
        id="pipe",
    ),
    pytest.param(
        _join_from_unknown_node,
        "Need to add_node `ghost` first",
        id="join-source",
    ),
    pytest.param(
        _duplicate_in_sequence,
        "Node names must be unique: node with the name 'a' already exists. If you need to use "
        "two different runnables/callables with the same name (for example, using `lambda`), "
        "please provide them as tuples (name, runnable/callable).",
        id="sequence-duplicate",
    ),
    pytest.param(
        _one_argument_reducer,
        "Invalid reducer signature. Expected (a, b) -> c. Got (only)",
        id="reducer-signature",
        marks=_different(
            "graph/schema.py checks reducer signatures only at compile, with its own wording; "
            "LangGraph raises in StateGraph()"
        ),
    ),
]


@pytest.mark.parametrize(("call", "message"), LANGGRAPH_ERRORS)
def test_builder_errors_are_langgraphs(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        call()
    assert str(raised.value) == message


def test_a_join_from_an_unknown_node_fails_by_compile_naming_it() -> None:
    with pytest.raises(ValueError, match="ghost"):
        _join_from_unknown_node().compile()


def test_a_one_argument_reducer_fails_by_compile() -> None:
    class Bad(TypedDict):
        x: Annotated[int, lambda only: only]

    with pytest.raises(ValueError, match=r"(?i)invalid reducer signature"):
        builder = StateGraph(Bad)
        builder.add_node("a", lambda state: {})
        builder.add_edge(START, "a")
        builder.compile()


def test_an_unreachable_node_compiles_and_never_runs() -> None:
    """LangGraph 1.2.22 does not reject unreachable nodes; neither does signoff."""
    ran: list[str] = []
    builder = graph_with(lambda g: g.set_entry_point("a"))
    builder.add_node("lonely", lambda state: ran.append("lonely"))
    assert builder.compile().invoke({}) == {"log": ["a"]}
    assert ran == []


def test_add_sequence_chains_nodes_named_by_function_or_tuple() -> None:
    builder = StateGraph(State)
    builder.add_sequence([a, ("second", b)])
    builder.set_entry_point("a")
    builder.set_finish_point("second")
    graph = builder.compile()
    assert list(builder.nodes) == ["a", "second"]
    assert graph.invoke({}) == {"log": ["a", "b"]}
    assert list(graph.stream({}, stream_mode="updates")) == [
        {"a": {"log": ["a"]}},
        {"second": {"log": ["a", "b"]}},
    ]


def test_add_node_with_only_a_function_names_it_after_the_function() -> None:
    builder = StateGraph(State)
    builder.add_node(b)
    builder.set_entry_point("b")
    assert builder.compile().invoke({}) == {"log": ["b"]}


def test_set_conditional_entry_point_chooses_the_first_node() -> None:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("b", b)
    builder.set_conditional_entry_point(lambda s: "b" if s.get("log") else "a", ["a", "b"])
    graph = builder.compile()
    assert graph.invoke({}) == {"log": ["a"]}
    assert graph.invoke({"log": ["x"]}) == {"log": ["x", "b"]}


def test_a_node_without_an_outgoing_edge_ends_the_run() -> None:
    builder = graph_with(lambda g: g.set_entry_point("a"))
    builder.add_node("b", b)
    builder.add_edge("a", "b")
    assert builder.compile().invoke({}) == {"log": ["a", "b"]}


# --- node signatures -----------------------------------------------------------------------------


@dataclasses.dataclass
class Ctx:
    user: str
    limit: int = 3


class Seen(TypedDict, total=False):
    seen: list[Any]


def plain(state: Seen) -> Seen:
    return {"seen": ["plain"]}


def with_config(state: Seen, config: RunnableConfig) -> Seen:
    meta = config["metadata"]
    tenant = config["configurable"].get("tenant")
    return {
        "seen": [*state["seen"], ("config", tenant, meta["langgraph_node"], meta["langgraph_step"])]
    }


def with_runtime(state: Seen, runtime: Runtime[Ctx]) -> Seen:
    ctx = runtime.context
    return {"seen": [*state["seen"], ("runtime", type(ctx).__name__, ctx.user, ctx.limit)]}


def named_only(state: Seen, config: Any, runtime: Any) -> Seen:  # recognised by name
    return {"seen": [*state["seen"], ("named", config["configurable"]["tenant"], runtime.context)]}


def signatures() -> Any:
    builder = StateGraph(Seen, context_schema=Ctx)
    builder.add_sequence([plain, with_config, ("rt", with_runtime), named_only])
    builder.set_entry_point("plain")
    return builder.compile()


def test_nodes_receive_state_config_and_runtime_by_annotation_or_name() -> None:
    """As LangGraph 1.2.22 (same graph run there)."""
    out = signatures().invoke({}, {"configurable": {"tenant": "acme"}}, context=Ctx(user="ann"))
    assert out == {
        "seen": [
            "plain",
            ("config", "acme", "with_config", 2),
            ("runtime", "Ctx", "ann", 3),
            ("named", "acme", Ctx(user="ann", limit=3)),
        ]
    }


def test_runtime_context_is_none_without_a_context() -> None:
    seen: list[Any] = []

    def node(state: Seen, runtime: Runtime[Ctx]) -> Seen:
        seen.append(runtime.context)
        return {}

    builder = StateGraph(Seen, context_schema=Ctx)
    builder.add_node("node", node)
    builder.set_entry_point("node")
    builder.compile().invoke({})
    assert seen == [None]


def test_a_dict_context_is_built_into_the_context_schema() -> None:
    out = signatures().invoke({}, {"configurable": {"tenant": "t"}}, context={"user": "bob"})
    assert out["seen"][2] == ("runtime", "Ctx", "bob", 3)


def test_a_node_config_always_has_configurable() -> None:
    seen: list[Any] = []

    def node(state: Seen, config: RunnableConfig) -> Seen:
        seen.append(config["configurable"].get("tenant"))
        return {}

    builder = StateGraph(Seen)
    builder.add_node("node", node)
    builder.set_entry_point("node")
    builder.compile().invoke({})
    assert seen == [None]
