"""`create_react_agent` with pre/post model hooks, a dynamic model `model(state, runtime)`,
provider tools given as dicts, pre-bound models, and chat history checks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import RunnableBinding
from langchain_core.tools import tool

from signoff.prebuilt import create_react_agent


@tool
def add(a: int, b: int) -> int:
    """Add two ints."""
    return a + b


class Scripted(BaseChatModel):
    """Replies in turn (tool calls as (name, args) pairs) and records what it saw and bound."""

    replies: list[tuple[str, list[tuple[str, dict[str, Any]]]]] = []
    seen: list[list[str]] = []
    bound: list[Any] = []
    calls: int = 0

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Scripted:
        self.bound.extend(tools)
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.seen.append([f"{m.type}:{m.content}" for m in messages])
        text, calls = self.replies[min(self.calls, len(self.replies) - 1)]
        self.calls += 1
        tool_calls = [{"name": n, "args": a, "id": f"c{self.calls}"} for n, a in calls]
        reply = AIMessage(text, tool_calls=tool_calls, id=f"ai-{self.calls}")
        return ChatResult(generations=[ChatGeneration(message=reply)])

    @property
    def _llm_type(self) -> str:
        return "scripted"


def scripted(*replies: tuple[str, list[tuple[str, dict[str, Any]]]]) -> Scripted:
    return Scripted(replies=list(replies), seen=[], bound=[])


QUESTION = {"messages": [("user", "hi")]}
ADD = ("", [("add", {"a": 1, "b": 2})])


def pre(state: dict[str, Any]) -> dict[str, Any]:
    return {"llm_input_messages": [SystemMessage("pre"), *state["messages"]]}


def test_the_model_sees_the_pre_hook_messages_and_the_post_hook_runs_after_it() -> None:
    posts: list[int] = []

    def post(state: dict[str, Any]) -> dict[str, Any]:
        posts.append(len(state["messages"]))
        return {}

    model = scripted(ADD, ("done", []))
    agent = create_react_agent(model, [add], pre_model_hook=pre, post_model_hook=post)
    assert sorted(agent.get_graph().nodes) == [
        "__end__",
        "__start__",
        "agent",
        "post_model_hook",
        "pre_model_hook",
        "tools",
    ]
    result = agent.invoke(QUESTION)
    assert [m.content for m in result["messages"]] == ["hi", "", "3", "done"]
    assert "llm_input_messages" not in result
    assert model.seen == [["system:pre", "human:hi"], ["system:pre", "human:hi", "ai:", "tool:3"]]
    assert posts == [2, 4]


def test_hooks_without_tools() -> None:
    def post(state: dict[str, Any]) -> dict[str, Any]:
        return {"messages": [AIMessage("post", id="ai-post")]}

    model = scripted(("answer", []))
    agent = create_react_agent(model, [], pre_model_hook=pre, post_model_hook=post)
    result = agent.invoke(QUESTION)
    assert [m.content for m in result["messages"]] == ["hi", "answer", "post"]
    assert model.seen == [["system:pre", "human:hi"]]


def test_a_dynamic_model_is_chosen_per_call_with_the_runtime() -> None:
    picked: list[Any] = []

    def pick(state: dict[str, Any], runtime: Any) -> Scripted:
        picked.append((len(state["messages"]), runtime.context))
        return scripted((f"for {runtime.context['user']}", []))

    agent = create_react_agent(pick, [], context_schema=dict, prompt="Be brief.")
    result = agent.invoke(QUESTION, context={"user": "ann"})
    assert result["messages"][-1].content == "for ann"
    assert picked == [(1, {"user": "ann"})]


async def test_an_async_dynamic_model_runs_with_ainvoke() -> None:
    async def pick(state: dict[str, Any], runtime: Any) -> Scripted:
        return scripted(("async", []))

    agent = create_react_agent(pick, [])
    result = await agent.ainvoke(QUESTION)
    assert result["messages"][-1].content == "async"
    with pytest.raises(TypeError, match="async"):
        agent.invoke(QUESTION)


def test_provider_tools_are_bound_but_not_run() -> None:
    web_search = {"type": "web_search"}
    model = scripted(("searched", []))
    agent = create_react_agent(model, [web_search])
    assert "tools" not in agent.get_graph().nodes
    assert agent.invoke(QUESTION)["messages"][-1].content == "searched"
    assert model.bound == [web_search]
    model = scripted(ADD, ("ok", []))
    create_react_agent(model, [add, web_search]).invoke(QUESTION)
    assert [getattr(t, "name", t) for t in model.bound] == ["add", web_search]


def test_a_pre_bound_model_must_have_the_agents_tools() -> None:
    spec = {"type": "function", "function": {"name": "add"}}
    bound = RunnableBinding(bound=scripted(("ok", [])), kwargs={"tools": [spec]})
    assert create_react_agent(bound, [add]).invoke(QUESTION)["messages"][-1].content == "ok"
    with pytest.raises(ValueError, match="must match Got 0 tools, expected 1"):
        create_react_agent(bound, [])
    other = RunnableBinding(bound=scripted(), kwargs={"tools": [{"name": "other"}]})
    with pytest.raises(ValueError, match="Missing tools"):
        create_react_agent(other, [add])


def test_tool_calls_without_results_are_refused_before_the_model_is_asked() -> None:
    model = scripted(("ok", []))
    dangling = AIMessage("", tool_calls=[{"name": "add", "args": {}, "id": "x"}])
    with pytest.raises(ValueError, match="do not have a corresponding ToolMessage"):
        create_react_agent(model, [add]).invoke({"messages": [("user", "hi"), dangling]})
    assert model.seen == []
