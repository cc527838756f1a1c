"""create_react_agent with a callable `model(state, runtime)` that picks the chat model per call,
and with a provider tool given as a dict."""

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from signoff.prebuilt import create_react_agent


class Fixed(BaseChatModel):
    reply: str = "fixed"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "Fixed":
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        message = AIMessage(content=f"{self.reply} ({len(messages)})", id="ai-1")
        return ChatResult(generations=[ChatGeneration(message=message)])

    @property
    def _llm_type(self) -> str:
        return "scripted"


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def pick(state: Any, runtime: Any) -> Fixed:
    return Fixed(reply=f"dynamic for {len(state['messages'])}")


def run() -> object:
    question = {"messages": [("user", "hi")]}
    provider_tool = {"type": "web_search"}
    return {
        "dynamic": attempt(lambda: create_react_agent(pick, []).invoke(question)["messages"]),
        "dict_tool": attempt(
            lambda: create_react_agent(Fixed(), [provider_tool]).invoke(question)["messages"]
        ),
    }
