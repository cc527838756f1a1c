"""Seed interrupt inside a tool run by ToolNode under ainvoke (a sync @tool and an async @tool),
on AsyncSqliteSaver and AsyncPostgresSaver: approve, approve with edits, reject."""

import asyncio
import os
import tempfile
import uuid
from collections.abc import Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import tool

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode, tools_condition
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


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


@tool
async def pay(amount: int) -> str:
    """Pay an amount."""
    await asyncio.sleep(0)
    response = interrupt({"action": "pay", "amount": amount})
    if response.get("action") == "approve":
        return f"Paid {response.get('amount', amount)}"
    return "Payment cancelled"


class Scripted(BaseChatModel):
    tool_name: str = "send_email"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> "Scripted":
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        if isinstance(messages[-1], ToolMessage):
            reply = AIMessage(content=f"Done: {messages[-1].content}", id="ai-final")
        else:
            args: dict[str, Any] = (
                {"to": "bob@example.com", "subject": "Launch", "body": "Friday."}
                if self.tool_name == "send_email"
                else {"amount": 40}
            )
            call = {"name": self.tool_name, "id": "call_1", "type": "tool_call", "args": args}
            reply = AIMessage(content="", tool_calls=[call], id="ai-call")
        return ChatResult(generations=[ChatGeneration(message=reply)])

    @property
    def _llm_type(self) -> str:
        return "scripted"


def build(saver: Any, tool_name: str) -> Any:
    model = Scripted(tool_name=tool_name)

    async def agent(state: MessagesState) -> dict[str, Any]:
        return {"messages": [await model.ainvoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("agent", agent)
    builder.add_node("tools", ToolNode([send_email, pay]))
    builder.add_edge(START, "agent")
    builder.add_conditional_edges("agent", tools_condition)
    builder.add_edge("tools", "agent")
    return builder.compile(checkpointer=saver)


async def scenario(saver: Any) -> object:
    observed: dict[str, object] = {}
    answers = {
        ("send_email", "approve"): {"action": "approve"},
        ("send_email", "modify"): {"action": "approve", "to": "new@example.com", "subject": "New"},
        ("send_email", "reject"): {"action": "reject"},
        ("pay", "approve"): {"action": "approve", "amount": 30},
        ("pay", "reject"): {"action": "reject"},
    }
    for (tool_name, label), answer in answers.items():
        graph = build(saver, tool_name)
        config = {"configurable": {"thread_id": f"{tool_name}-{label}-{uuid.uuid4()}"}}
        paused = await graph.ainvoke({"messages": [("user", "do it")]}, config)
        state = await graph.aget_state(config)
        done = await graph.ainvoke(Command(resume=answer), config)
        observed[f"{tool_name}-{label}"] = {
            "paused": paused,
            "paused_next": state.next,
            "paused_tasks": [(t.name, t.interrupts) for t in state.tasks],
            "done": done,
            "done_next": (await graph.aget_state(config)).next,
        }
    return observed


async def observe() -> object:
    observed: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "threads.db")
        async with AsyncSqliteSaver.from_conn_string(path) as saver:
            observed["sqlite"] = await scenario(saver)
    async with AsyncPostgresSaver.from_conn_string(PG) as saver:
        await saver.setup()
        observed["postgres"] = await scenario(saver)
    return observed


def run() -> object:
    return asyncio.run(observe())
