"""A `Send` (or `goto`) to a node the graph does not have fails the step that sends it.

LangGraph logs a warning and drops the packet, so the work it carried silently never happens;
signoff refuses it where it is sent, naming both nodes, and keeps the thread readable.
"""

from __future__ import annotations

from typing import Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.errors import InvalidUpdateError
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Send


class State(TypedDict, total=False):
    value: str


def _graph(plan: Any, branch: Any = None) -> Any:
    builder = StateGraph(State)
    builder.add_node("plan", plan)
    builder.add_node("work", lambda state: {"value": "w"})
    builder.add_edge(START, "plan")
    if branch is not None:
        builder.add_conditional_edges("plan", branch)
    builder.add_edge("work", END)
    return builder.compile(checkpointer=InMemorySaver())


@pytest.mark.parametrize(
    ("plan", "branch"),
    [
        (lambda state: {}, lambda state: [Send("ghost", {})]),
        (lambda state: Command(goto=[Send("ghost", {})]), None),
        (lambda state: Command(goto="ghost"), None),
    ],
    ids=["branch-send", "command-send", "command-goto"],
)
def test_sending_to_an_unknown_node_fails_naming_it(plan: Any, branch: Any) -> None:
    graph = _graph(plan, branch)
    config = {"configurable": {"thread_id": "t"}}
    with pytest.raises(InvalidUpdateError, match=r"'plan'.*unknown node 'ghost'.*plan, work"):
        graph.invoke({}, config)
    history = list(graph.get_state_history(config))  # still readable
    assert history[0].next == ("plan",)


def test_a_send_to_a_known_node_runs() -> None:
    graph = _graph(lambda state: {}, lambda state: [Send("work", {})])
    assert graph.invoke({}, {"configurable": {"thread_id": "ok"}}) == {"value": "w"}
