"""Seed: interrupt inside a @tool run by ToolNode, routed with tools_condition (approve/edit/reject)."""

from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import tool

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode, tools_condition
from signoff.types import Command, interrupt


@tool
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email to a recipient."""
    response = interrupt(
        {
            "action": "send_email",
            "to": to,
            "subject": subject,
            "body": body,
            "message": "Approve sending this email?",
        }
    )
    if response.get("action") == "approve":
        return f"Email sent to {response.get('to', to)} with subject '{response.get('subject', subject)}'"
    return "Email cancelled by user"


class Scripted(BaseChatModel):
    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "Scripted":
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        if isinstance(messages[-1], ToolMessage):
            reply = AIMessage(content=f"Done: {messages[-1].content}", id="ai-final")
        else:
            call = {
                "name": "send_email",
                "id": "call_1",
                "type": "tool_call",
                "args": {"to": "bob@example.com", "subject": "Launch", "body": "Friday."},
            }
            reply = AIMessage(content="", tool_calls=[call], id="ai-call")
        return ChatResult(generations=[ChatGeneration(message=reply)])

    @property
    def _llm_type(self) -> str:
        return "scripted"


def run() -> object:
    model = Scripted().bind_tools([send_email])

    def agent(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    builder.add_node("tools", ToolNode([send_email]))
    builder.add_edge(START, "agent")
    builder.add_conditional_edges("agent", tools_condition)
    builder.add_edge("tools", "agent")
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    answers = {
        "approve": {"action": "approve"},
        "modify": {"action": "approve", "to": "updated@example.com", "subject": "Updated subject"},
        "reject": {"action": "reject"},
    }
    for thread, answer in answers.items():
        config = {"configurable": {"thread_id": thread}}
        paused = graph.invoke({"messages": [("user", "mail bob")]}, config)
        state = graph.get_state(config)
        done = graph.invoke(Command(resume=answer), config)
        observed[thread] = {
            "paused": paused,
            "paused_next": state.next,
            "paused_tasks": [(t.name, t.interrupts) for t in state.tasks],
            "done": done,
            "done_next": graph.get_state(config).next,
        }
    return observed
