"""create_react_agent(pre_model_hook=..., post_model_hook=...): the hooks run around the model
call; `llm_input_messages` from the pre hook is what the model sees."""

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from signoff.prebuilt import create_react_agent

seen: list[list[str]] = []


class Echo(BaseChatModel):
    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "Echo":
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        seen.append([f"{m.type}:{m.content}" for m in messages])
        reply = AIMessage(content=f"saw {len(messages)}", id="ai-1")
        return ChatResult(generations=[ChatGeneration(message=reply)])

    @property
    def _llm_type(self) -> str:
        return "scripted"


def pre(state: Any) -> dict[str, Any]:
    return {"llm_input_messages": [SystemMessage(content="pre"), *state["messages"]]}


def post(state: Any) -> dict[str, Any]:
    return {"messages": [AIMessage(content="post", id="ai-post")]}


def run() -> object:
    seen.clear()
    try:
        agent = create_react_agent(Echo(), [], pre_model_hook=pre, post_model_hook=post)
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error)}
    return {
        "nodes": sorted(agent.get_graph().nodes),
        "messages": agent.invoke({"messages": [("user", "hi")]})["messages"],
        "model_saw": seen,
    }
