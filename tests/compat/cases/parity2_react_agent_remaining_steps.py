"""create_react_agent near the recursion limit: LangGraph's agent state carries `remaining_steps`
and the agent answers "Sorry, need more steps..." instead of failing; a custom state_schema
without `remaining_steps` is refused when the agent is built."""

from collections.abc import Sequence
from typing import Annotated, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import tool
from typing_extensions import TypedDict

from signoff.graph import MessagesState
from signoff.graph.message import add_messages
from signoff.prebuilt import create_react_agent


@tool
def add(a: int, b: int) -> int:
    """Add two ints."""
    return a + b


class AlwaysCallsTool(BaseChatModel):
    """A model that asks for the same tool call forever."""

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "AlwaysCallsTool":
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        call = {"name": "add", "args": {"a": 1, "b": 2}, "id": "c1", "type": "tool_call"}
        reply = AIMessage(content="", tool_calls=[call], id=f"ai-{len(messages)}")
        return ChatResult(generations=[ChatGeneration(message=reply)])

    @property
    def _llm_type(self) -> str:
        return "scripted"


class OnlyMessages(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def run() -> object:
    agent = create_react_agent(AlwaysCallsTool(), [add])
    question = {"messages": [("user", "hi")]}
    return {
        "limit_6": attempt(lambda: agent.invoke(question, {"recursion_limit": 6})["messages"]),
        "state_keys": attempt(lambda: sorted(agent.invoke(question, {"recursion_limit": 6}))),
        "schema_without_remaining_steps": attempt(
            lambda: (
                create_react_agent(AlwaysCallsTool(), [add], state_schema=OnlyMessages) and "built"
            )
        ),
        "messages_state_schema": attempt(
            lambda: (
                create_react_agent(AlwaysCallsTool(), [add], state_schema=MessagesState) and "built"
            )
        ),
    }
