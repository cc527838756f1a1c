"""Seed approve/edit/reject (Command(goto)) under ainvoke on AsyncSqliteSaver and
AsyncPostgresSaver: the pause, the resume, and what aget_state / aget_state_history show."""

import asyncio
import os
import tempfile
import uuid
from typing import Any, Literal

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict, total=False):
    to: str
    topic: str
    draft: str
    result: str


def draft_email(state: State) -> dict[str, Any]:
    return {"draft": f"Dear {state['to']}, about {state['topic']}..."}


def approve_email(state: State) -> Command[Literal["send", "cancel"]]:
    response = interrupt({"draft": state["draft"], "question": "Approve, edit, or reject?"})
    action = response.get("action", "reject")
    if action == "approve":
        return Command(goto="send")
    if action == "edit":
        return Command(update={"draft": response.get("text", state["draft"])}, goto="send")
    return Command(goto="cancel")


async def send(state: State) -> dict[str, Any]:
    return {"result": f"Email sent to {state['to']}: {state['draft']}"}


def cancel(state: State) -> dict[str, Any]:
    return {"result": "Email cancelled."}


def build(saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("draft", draft_email)
    builder.add_node("approve", approve_email)
    builder.add_node("send", send)
    builder.add_node("cancel", cancel)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "approve")
    builder.add_edge("send", END)
    builder.add_edge("cancel", END)
    return builder.compile(checkpointer=saver)


async def scenario(saver: Any) -> object:
    graph = build(saver)
    observed: dict[str, object] = {}
    answers = {
        "approve": {"action": "approve"},
        "edit": {"action": "edit", "text": "Hi Alice, edited."},
        "reject": {"action": "reject"},
    }
    for name, answer in answers.items():
        config = {"configurable": {"thread_id": f"{name}-{uuid.uuid4()}"}}
        paused = await graph.ainvoke({"to": "alice@example.com", "topic": "meeting"}, config)
        state = await graph.aget_state(config)
        done = await graph.ainvoke(Command(resume=answer), config)
        final = await graph.aget_state(config)
        history = [
            (h.metadata["step"], h.metadata["source"], h.next, h.values)
            async for h in graph.aget_state_history(config)
        ]
        observed[name] = {
            "paused": paused,
            "paused_state": state,
            "done": done,
            "final": (final.values, final.next, final.metadata),
            "history": history,
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
