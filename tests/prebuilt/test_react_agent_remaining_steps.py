"""`create_react_agent`'s `remaining_steps`: near the recursion limit the agent answers "Sorry,
need more steps..." instead of failing, and custom state schemas must declare the key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import tool
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import MessagesState
from signoff.graph.message import add_messages
from signoff.prebuilt import create_react_agent
from signoff.prebuilt.react_agent import RemainingSteps

SORRY = "Sorry, need more steps to process this request."


@tool
def add(a: int, b: int) -> int:
    """Add two ints."""
    return a + b


@tool(return_direct=True)
def final(text: str) -> str:
    """Answer directly."""
    return text


class Looping(BaseChatModel):
    """Calls `tool_name` every time it is asked."""

    tool_name: str = "add"
    args: dict[str, Any] = {"a": 1, "b": 2}

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Looping:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        call = {"name": self.tool_name, "args": self.args, "id": f"c{len(messages)}"}
        reply = AIMessage("", tool_calls=[call], id=f"ai-{len(messages)}")
        return ChatResult(generations=[ChatGeneration(message=reply)])

    @property
    def _llm_type(self) -> str:
        return "looping"


QUESTION = {"messages": [("user", "hi")]}


def test_the_agent_says_sorry_when_too_few_steps_remain() -> None:
    result = create_react_agent(Looping(), [add]).invoke(QUESTION, {"recursion_limit": 6})
    assert [m.type for m in result["messages"]] == ["human", "ai", "tool", "ai", "tool", "ai"]
    last = result["messages"][-1]
    assert (last.content, last.tool_calls, last.id) == (SORRY, [], "ai-5")
    assert sorted(result) == ["messages"]  # remaining_steps is never written


def test_return_direct_tools_may_use_the_last_step() -> None:
    model = Looping(tool_name="final", args={"text": "x"})
    result = create_react_agent(model, [final]).invoke(QUESTION, {"recursion_limit": 3})
    assert [m.type for m in result["messages"]] == ["human", "ai", "tool"]
    result = create_react_agent(model, [final]).invoke(QUESTION, {"recursion_limit": 2})
    assert result["messages"][-1].content == SORRY


def test_the_prompt_sees_remaining_steps() -> None:
    seen: list[int] = []

    def prompt(state: dict[str, Any]) -> list[AnyMessage]:
        seen.append(state["remaining_steps"])
        return list(state["messages"])

    agent = create_react_agent(Looping(), [add], prompt=prompt)
    agent.invoke(QUESTION, {"recursion_limit": 6})
    assert seen == [5, 3, 1]


class WithSteps(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]
    remaining_steps: RemainingSteps


class WithoutSteps(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]


def test_custom_schemas_must_declare_remaining_steps() -> None:
    agent = create_react_agent(Looping(), [add], state_schema=WithSteps)
    result = agent.invoke(QUESTION, {"recursion_limit": 4})
    assert result["messages"][-1].content == SORRY
    for schema in (WithoutSteps, MessagesState):
        with pytest.raises(ValueError, match=r"Missing required key\(s\) \{'remaining_steps'\}"):
            create_react_agent(Looping(), [add], state_schema=schema)
    with pytest.raises(ValueError, match="structured_response"):
        create_react_agent(Looping(), [add], state_schema=WithSteps, response_format=dict)


def test_a_plain_remaining_steps_key_is_read_from_the_state() -> None:
    class PlainSteps(TypedDict):
        messages: Annotated[list[AnyMessage], add_messages]
        remaining_steps: int

    agent = create_react_agent(Looping(), [add], state_schema=PlainSteps)
    result = agent.invoke({**QUESTION, "remaining_steps": 1}, {"recursion_limit": 50})
    assert [m.content for m in result["messages"]] == ["hi", SORRY]


def test_threads_with_a_checkpointer_end_early_on_every_turn() -> None:
    """The run counts from the step it started at (a continued thread does not start at -1)."""
    agent = create_react_agent(Looping(), [add], checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}, "recursion_limit": 6}
    first = agent.invoke(QUESTION, config)
    assert first["messages"][-1].content == SORRY
    second = agent.invoke(QUESTION, config)
    assert second["messages"][-1].content == SORRY
    assert len(second["messages"]) == 2 * len(first["messages"])
