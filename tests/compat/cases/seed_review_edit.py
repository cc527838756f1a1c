"""Seed: review and edit a generated draft; the resume value becomes the state value."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    topic: str
    email: str


def generate_email(state: State) -> dict[str, Any]:
    draft = f"Dear customer, thank you for contacting us about {state['topic']}..."
    edited_content = interrupt(
        {"instruction": "Review and edit this email draft", "content": draft}
    )
    return {"email": edited_content}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("generate_email", generate_email)
    builder.add_edge(START, "generate_email")
    builder.add_edge("generate_email", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "review"}}
    paused = graph.invoke({"topic": "billing"}, config)
    done = graph.invoke(
        Command(resume="Dear valued customer, we appreciate your inquiry about..."), config
    )
    return {"paused": paused, "done": done}
