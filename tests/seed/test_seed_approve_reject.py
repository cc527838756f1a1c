"""Seed pattern: approve/reject routed with Command(goto=...) (examples/approve_reject.py)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest

from signoff.types import Command

REQUEST = {"messages": [{"role": "user", "content": "Delete the old records"}]}


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("approve_reject")


def test_pause_shows_the_question_and_the_details(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "ask"}}
    result = example.graph.invoke(REQUEST, config=config)

    assert [i.value for i in result["__interrupt__"]] == [
        {
            "question": "Do you want to proceed with this action?",
            "details": "Delete the old records",
        }
    ]
    assert example.graph.get_state(config).next == ("approval",)


@pytest.mark.parametrize(
    ("answer", "node", "reply"),
    [
        (True, "execute", "Action executed successfully!"),
        (False, "cancel", "Action cancelled by user."),
    ],
)
def test_the_answer_routes_to_one_node_only(
    example: ModuleType, answer: bool, node: str, reply: str
) -> None:
    config = {"configurable": {"thread_id": f"route-{answer}"}}
    example.graph.invoke(REQUEST, config=config)
    result = example.graph.invoke(Command(resume=answer), config=config)

    assert [m.content for m in result["messages"]] == ["Delete the old records", reply]
    assert example.graph.get_state(config).next == ()
    scheduled = [
        name for snapshot in example.graph.get_state_history(config) for name in snapshot.next
    ]
    other = "cancel" if node == "execute" else "execute"
    assert scheduled.count(node) == 1
    assert other not in scheduled
