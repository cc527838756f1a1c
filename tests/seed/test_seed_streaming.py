"""Seed bonus: stream HITL interrupts with stream_mode=["messages", "updates"] (and friends)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk

from signoff.types import Command, Interrupt

REQUEST = {"messages": [("user", "pricing")]}
REPLY = "Thanks for asking about pricing. Our team will reply by Friday."
QUESTION = {"question": "Publish this reply?", "reply": REPLY}


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("streaming_interrupts")


def test_messages_and_updates_through_pause_and_resume(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "stream"}}
    modes = ["messages", "updates"]

    paused = list(example.graph.stream(REQUEST, config, stream_mode=modes))

    tokens = [chunk for mode, chunk in paused if mode == "messages"]
    assert all(isinstance(message, AIMessageChunk) for message, _ in tokens)
    assert {meta["langgraph_node"] for _, meta in tokens} == {"write_reply"}
    assert [message.text for message, _ in tokens][:3] == ["Thanks ", "for ", "asking "]
    assert "".join(message.text for message, _ in tokens) == REPLY
    updates = [chunk for mode, chunk in paused if mode == "updates"]
    assert [list(update) for update in updates] == [["write_reply"], ["__interrupt__"]]
    assert updates[0]["write_reply"]["messages"][0].content == REPLY
    pending = updates[1]["__interrupt__"]
    assert isinstance(pending, tuple)
    assert [type(i) for i in pending] == [Interrupt]
    assert pending[0].value == QUESTION

    resumed = list(example.graph.stream(Command(resume=True), config, stream_mode=modes))

    assert [mode for mode, _ in resumed] == ["updates", "messages", "updates"]
    assert resumed[0][1] == {"review": None}
    message, meta = resumed[1][1]
    assert (type(message), message.content, meta["langgraph_node"]) == (
        AIMessage,
        "Reply published.",
        "publish",
    )
    assert resumed[2][1]["publish"]["messages"][0].content == "Reply published."


def test_updates_only(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "updates"}}

    paused = list(example.graph.stream(REQUEST, config, stream_mode="updates"))
    resumed = list(example.graph.stream(Command(resume=False), config, stream_mode="updates"))

    assert [list(chunk) for chunk in paused] == [["write_reply"], ["__interrupt__"]]
    assert [i.value for i in paused[1]["__interrupt__"]] == [QUESTION]
    assert [list(chunk) for chunk in resumed] == [["review"], ["discard"]]
    assert resumed[1]["discard"]["messages"][0].content == "Reply discarded."


def contents(values: dict[str, Any]) -> list[str]:
    return [message.text for message in values["messages"]]


def test_values_mode_carries_the_interrupt_on_the_last_chunk(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "values"}}

    paused = list(example.graph.stream(REQUEST, config, stream_mode="values"))
    resumed = list(example.graph.stream(Command(resume=True), config, stream_mode="values"))

    assert [contents(chunk) for chunk in paused] == [
        ["pricing"],
        ["pricing", REPLY],
        ["pricing", REPLY],
    ]
    assert "__interrupt__" not in paused[1]
    assert [i.value for i in paused[2]["__interrupt__"]] == [QUESTION]
    assert [contents(chunk) for chunk in resumed] == [
        ["pricing", REPLY],
        ["pricing", REPLY, "Reply published."],
    ]
