"""An interrupt inside a tool: the model calls `send_email`, and the tool pauses for approval.

The agent is the usual loop (model -> `ToolNode` -> model, routed by `tools_condition`). The chat
model here is a scripted stand-in so the example runs offline: it asks for `send_email` once, then
reports what the tool said. Resume with `{"action": "approve"}` (optionally overriding `to`,
`subject` or `body`) or `{"action": "reject"}`. Run it: `python examples/tool_interrupt.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import tool

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode, tools_condition
from signoff.types import Command, interrupt


@tool
def send_email(to: str, subject: str, body: str) -> str:
    """Send an email to a recipient."""
    # Pause before sending; the payload surfaces in result["__interrupt__"].
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
        # The resume value can override the inputs.
        final_to = response.get("to", to)
        final_subject = response.get("subject", subject)
        final_body = response.get("body", body)
        return f"Email sent to {final_to} with subject '{final_subject}': {final_body}"
    return "Email cancelled by user"


class ScriptedChatModel(BaseChatModel):
    """A deterministic chat model: one `send_email` call, then a summary of the tool's reply.

    The recipient is the first email address in the user's last message, so the same graph can
    serve many threads.
    """

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        """Accept any tools: the script already knows which call it makes."""
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        last = messages[-1]
        if isinstance(last, ToolMessage):
            reply = AIMessage(content=f"Done: {last.content}")
        else:
            found = re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", str(last.content))
            to = found.group(0) if found else "team@example.com"
            call = {
                "name": "send_email",
                "args": {"to": to, "subject": "Launch update", "body": "We launch on Friday."},
                "id": "call_send_email_1",
                "type": "tool_call",
            }
            reply = AIMessage(content="", tool_calls=[call])
        return ChatResult(generations=[ChatGeneration(message=reply)])

    @property
    def _llm_type(self) -> str:
        return "scripted"


model = ScriptedChatModel().bind_tools([send_email])


def agent(state: MessagesState) -> dict[str, Any]:
    return {"messages": [model.invoke(state["messages"])]}


builder = StateGraph(MessagesState)
builder.add_node("agent", agent)
builder.add_node("tools", ToolNode([send_email]))
builder.add_edge(START, "agent")
builder.add_conditional_edges("agent", tools_condition)
builder.add_edge("tools", "agent")

graph = builder.compile(checkpointer=InMemorySaver())


if __name__ == "__main__":
    request = {"messages": [("user", "Tell bob@example.com about the launch")]}
    answers: list[tuple[str, dict[str, Any]]] = [
        ("as-is", {"action": "approve"}),
        (
            "edited",
            {"action": "approve", "to": "updated@example.com", "subject": "Updated subject"},
        ),
        ("rejected", {"action": "reject"}),
    ]
    for thread_id, answer in answers:
        config = {"configurable": {"thread_id": f"tool-{thread_id}"}}
        paused = graph.invoke(request, config=config)
        print(paused["__interrupt__"][0].value["message"], paused["__interrupt__"][0].value["to"])
        result = graph.invoke(Command(resume=answer), config=config)
        print(f"{thread_id}:", result["messages"][-1].content)
