"""Seed pattern: basic interrupt and resume (examples/basic_interrupt.py)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Interrupt, interrupt

REQUEST = {"messages": [{"role": "user", "content": "Send a notification"}]}
QUESTION = "Do you approve sending this notification?"


@pytest.fixture
def example(load_example: Callable[[str], ModuleType]) -> ModuleType:
    return load_example("basic_interrupt")


def test_invoke_stops_at_the_interrupt_and_surfaces_its_payload(example: ModuleType) -> None:
    config = {"configurable": {"thread_id": "thread-1"}}
    result = example.graph.invoke(REQUEST, config=config)

    [pending] = result["__interrupt__"]
    assert isinstance(pending, Interrupt)
    assert pending.value == QUESTION
    assert pending.id
    assert [type(m) for m in result["messages"]] == [HumanMessage]
    assert result["messages"][0].content == "Send a notification"

    state = example.graph.get_state(config)
    assert state.next == ("propose",)
    assert [i.value for i in state.interrupts] == [QUESTION]


@pytest.mark.parametrize(
    ("answer", "reply"), [(True, "✅ Notification sent!"), (False, "❌ Notification cancelled.")]
)
def test_resume_value_becomes_the_return_of_interrupt(
    example: ModuleType, answer: bool, reply: str
) -> None:
    config = {"configurable": {"thread_id": f"answer-{answer}"}}
    example.graph.invoke(REQUEST, config=config)
    result = example.graph.invoke(Command(resume=answer), config=config)

    assert "__interrupt__" not in result
    assert [type(m) for m in result["messages"]] == [HumanMessage, AIMessage]
    assert result["messages"][-1].content == reply
    state = example.graph.get_state(config)
    assert state.next == ()
    assert state.interrupts == ()


def test_threads_pause_and_resume_independently(example: ModuleType) -> None:
    first = {"configurable": {"thread_id": "a"}}
    second = {"configurable": {"thread_id": "b"}}
    example.graph.invoke(REQUEST, config=first)
    example.graph.invoke(REQUEST, config=second)

    done = example.graph.invoke(Command(resume=False), config=second)

    assert done["messages"][-1].content == "❌ Notification cancelled."
    assert example.graph.get_state(first).next == ("propose",)


class Counted(TypedDict, total=False):
    answer: str


def test_the_node_restarts_from_the_beginning_on_resume() -> None:
    """The seed's key concept: code before interrupt() runs again when the node resumes."""
    runs: list[str] = []

    def node(state: Counted) -> dict[str, Any]:
        runs.append("before")
        answer = interrupt("Approve?")
        runs.append(f"after:{answer}")
        return {"answer": answer}

    builder = StateGraph(Counted)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "restart"}}

    graph.invoke({}, config)
    assert runs == ["before"]
    assert graph.invoke(Command(resume="yes"), config) == {"answer": "yes"}
    assert runs == ["before", "before", "after:yes"]
