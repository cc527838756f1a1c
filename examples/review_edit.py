"""Review and edit: show a generated draft to a person and keep the text they send back.

Run it: `python examples/review_edit.py`, or
`signoff run examples/review_edit.py:graph --input '{"topic": "billing"}'`.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    topic: str
    email: str


def generate_email(state: State) -> dict[str, Any]:
    """Generate an email draft and let the human edit it."""
    draft = f"Dear customer, thank you for contacting us about {state['topic']}..."

    # Pause and show the draft for review.
    edited_content = interrupt(
        {
            "instruction": "Review and edit this email draft",
            "content": draft,
        }
    )

    # The resume value is the edited text.
    return {"email": edited_content}


builder = StateGraph(State)
builder.add_node("generate_email", generate_email)
builder.add_edge(START, "generate_email")
builder.add_edge("generate_email", END)

graph = builder.compile(checkpointer=InMemorySaver())


if __name__ == "__main__":
    config = {"configurable": {"thread_id": "review-1"}}
    paused = graph.invoke({"topic": "billing"}, config=config)
    print(paused["__interrupt__"][0].value["content"])

    # The human can modify the text before it is used.
    result = graph.invoke(
        Command(resume="Dear valued customer, we appreciate your inquiry about billing..."),
        config=config,
    )
    print(result["email"])
