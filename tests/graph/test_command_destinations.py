"""A node annotated `-> Command[Literal[...]]` declares where it may go, as in LangGraph: the
drawing shows those edges, and a name that is not a node fails `compile()`. This module uses
`from __future__ import annotations`, so the annotations are strings that must be resolved."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from typing_extensions import TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import Command


class State(TypedDict, total=False):
    result: str


def approval(state: State) -> Command[Literal["execute", "cancel"]]:
    return Command(goto="execute")


def typo(state: State) -> Command[Literal["execute", "cancle"]]:
    return Command(goto="execute")


def route(state: State) -> Literal["execute", "cancle"]:
    return "execute"


def builder_with(add_first: Any) -> StateGraph:
    builder = StateGraph(State)
    add_first(builder)
    builder.add_node("execute", lambda state: {"result": "done"})
    builder.add_node("cancel", lambda state: {"result": "cancelled"})
    builder.add_edge(START, "first")
    builder.add_edge("execute", END)
    builder.add_edge("cancel", END)
    return builder


def test_a_command_literal_annotation_is_drawn_as_the_nodes_edges() -> None:
    graph = builder_with(lambda b: b.add_node("first", approval)).compile()
    mermaid = graph.get_graph().draw_mermaid()
    assert "first -.-> cancel;" in mermaid
    assert "first -.-> execute;" in mermaid
    assert "first --> __end__" not in mermaid
    assert graph.invoke({}) == {"result": "done"}


def test_an_unknown_name_in_a_command_literal_fails_compile() -> None:
    with pytest.raises(ValueError, match="Found edge ending at unknown node `cancle`"):
        builder_with(lambda b: b.add_node("first", typo)).compile()


def test_an_unknown_name_in_destinations_fails_compile() -> None:
    builder = builder_with(
        lambda b: b.add_node("first", lambda s: {}, destinations=("execute", "cancle"))
    )
    with pytest.raises(ValueError, match="Found edge ending at unknown node `cancle`"):
        builder.compile()


def test_an_unknown_name_in_a_branch_literal_fails_compile() -> None:
    def add(builder: StateGraph) -> None:
        builder.add_node("first", lambda s: {})
        builder.add_conditional_edges("first", route)

    with pytest.raises(ValueError, match="'route' branch found unknown target 'cancle'"):
        builder_with(add).compile()
