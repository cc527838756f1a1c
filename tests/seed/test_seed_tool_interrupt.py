"""Seed pattern: interrupt inside a tool run by ToolNode (examples/tool_interrupt.py)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from signoff.types import Command

REQUEST = {"messages": [("user", "Tell bob@example.com about the launch")]}
PAYLOAD = {
    "action": "send_email",
    "to": "bob@example.com",
    "subject": "Launch update",
    "body": "We launch on Friday.",
    "message": "Approve sending this email?",
}


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("tool_interrupt")


def test_the_tool_call_pauses_inside_the_tools_node(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "pause"}}
    result = example.graph.invoke(REQUEST, config=config)

    assert [i.value for i in result["__interrupt__"]] == [PAYLOAD]
    human, call = result["messages"]
    assert isinstance(human, HumanMessage)
    assert isinstance(call, AIMessage)
    assert [(c["name"], c["args"]["to"]) for c in call.tool_calls] == [
        ("send_email", "bob@example.com")
    ]
    state = example.graph.get_state(config)
    assert state.next == ("tools",)
    assert [(task.name, [i.value for i in task.interrupts]) for task in state.tasks] == [
        ("tools", [PAYLOAD])
    ]


@pytest.mark.parametrize(
    ("answer", "tool_reply"),
    [
        (
            {"action": "approve"},
            "Email sent to bob@example.com with subject 'Launch update': We launch on Friday.",
        ),
        (
            {"action": "approve", "to": "updated@example.com", "subject": "Updated subject"},
            "Email sent to updated@example.com with subject 'Updated subject': "
            "We launch on Friday.",
        ),
        ({"action": "reject"}, "Email cancelled by user"),
    ],
    ids=["approve", "approve-with-changes", "reject"],
)
def test_the_answer_decides_what_the_tool_returns(
    example: ModuleType, answer: dict[str, Any], tool_reply: str
) -> None:
    config = {"configurable": {"thread_id": "answer"}}
    example.graph.invoke(REQUEST, config=config)
    result = example.graph.invoke(Command(resume=answer), config=config)

    _human, call, tool_message, final = result["messages"]
    assert isinstance(tool_message, ToolMessage)
    assert tool_message.content == tool_reply
    assert tool_message.tool_call_id == call.tool_calls[0]["id"]
    assert isinstance(final, AIMessage)
    assert final.content == f"Done: {tool_reply}"
    assert "__interrupt__" not in result
    assert example.graph.get_state(config).next == ()
