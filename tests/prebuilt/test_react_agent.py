"""`create_react_agent` with a scripted langchain_core chat model: the loop, prompts, interrupts in
tools, `return_direct`, and `response_format`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool
from pydantic import BaseModel

from signoff.checkpoint.memory import InMemorySaver
from signoff.prebuilt import create_react_agent
from signoff.types import Command, interrupt


class ScriptedModel(GenericFakeChatModel):
    """Replies with the given messages in turn and records what it was asked."""

    seen: list[list[BaseMessage]] = []
    bound: list[str] = []

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedModel:
        self.bound.extend(t.name for t in tools)
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.seen.append(list(messages))
        return super()._generate(messages, *args, **kwargs)

    def with_structured_output(self, schema: Any, **kwargs: Any) -> Any:
        return RunnableLambda(lambda messages: schema(answer=str(messages[-1].content)))


def model(*replies: AIMessage) -> ScriptedModel:
    replies_iter: Iterator[AIMessage] = iter(replies)
    return ScriptedModel(messages=replies_iter, seen=[], bound=[])


def calls(*pairs: tuple[str, dict[str, Any]]) -> AIMessage:
    return AIMessage(
        "", tool_calls=[{"name": n, "args": a, "id": f"call{i}"} for i, (n, a) in enumerate(pairs)]
    )


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@tool
def ask(question: str) -> str:
    """Ask a person."""
    answer: str = interrupt(question)
    return answer


@tool(return_direct=True)
def final(text: str) -> str:
    """Answer directly."""
    return text.upper()


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_agent_loops_through_tools_until_the_model_answers(version: str) -> None:
    llm = model(calls(("add", {"a": 1, "b": 2}), ("add", {"a": 3, "b": 4})), AIMessage("3 and 7"))
    agent = create_react_agent(llm, [add], prompt="Be brief.", version=version)
    result = agent.invoke({"messages": [("user", "sums?")]})
    assert [type(m).__name__ for m in result["messages"]] == [
        "HumanMessage",
        "AIMessage",
        "ToolMessage",
        "ToolMessage",
        "AIMessage",
    ]
    assert [m.content for m in result["messages"] if isinstance(m, ToolMessage)] == ["3", "7"]
    assert llm.bound == ["add"]
    assert all(isinstance(seen[0], SystemMessage) for seen in llm.seen)
    assert [m.content for m in llm.seen[1][1:]] == ["sums?", "", "3", "7"]


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_interrupts_in_tools_pause_the_agent_and_answers_resume_it(version: str) -> None:
    llm = model(
        calls(("ask", {"question": "why?"}), ("ask", {"question": "how?"})), AIMessage("ok")
    )
    agent = create_react_agent(llm, [ask], checkpointer=InMemorySaver(), version=version)
    config = {"configurable": {"thread_id": "t"}}
    asked = agent.invoke({"messages": [("user", "go")]}, config)["__interrupt__"]
    assert [i.value for i in asked] == ["why?", "how?"]
    result = agent.invoke(Command(resume={asked[0].id: "because", asked[1].id: "so"}), config)
    tool_texts = [m.content for m in result["messages"] if isinstance(m, ToolMessage)]
    assert tool_texts == ["because", "so"]
    assert result["messages"][-1].content == "ok"


def test_without_tools_the_agent_answers_once() -> None:
    agent = create_react_agent(model(AIMessage("hello")), [], name="greeter")
    result = agent.invoke({"messages": [("user", "hi")]})
    assert [m.content for m in result["messages"]] == ["hi", "hello"]
    assert result["messages"][-1].name == "greeter"


def test_building_an_agent_warns_as_langgraph_does() -> None:
    from signoff.warnings import LangGraphDeprecatedSinceV10

    with pytest.warns(LangGraphDeprecatedSinceV10) as record:
        create_react_agent(model(AIMessage("hello")), [])
    assert str(record[0].message) == (
        "create_react_agent has been moved to `langchain.agents`. Please update your import to "
        "`from langchain.agents import create_agent`. Deprecated in LangGraph V1.0 to be "
        "removed in V2.0."
    )
    assert record[0].filename == __file__


def test_return_direct_tools_end_the_run() -> None:
    agent = create_react_agent(model(calls(("final", {"text": "done"}))), [final, add])
    result = agent.invoke({"messages": [("user", "finish")]})
    assert result["messages"][-1] == ToolMessage(
        "DONE", name="final", tool_call_id="call0", id=result["messages"][-1].id
    )


def test_response_format_adds_a_structured_response() -> None:
    class Answer(BaseModel):
        answer: str

    agent = create_react_agent(model(AIMessage("42")), [add], response_format=Answer)
    result = agent.invoke({"messages": [("user", "meaning?")]})
    assert result["structured_response"] == Answer(answer="42")


def test_model_names_are_not_resolved() -> None:
    with pytest.raises(ValueError, match="pass a chat model object"):
        create_react_agent("openai:gpt-4o", [add])
