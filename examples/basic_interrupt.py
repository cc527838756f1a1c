"""Basic interrupt and resume: a node pauses to ask for approval, then finishes with the answer.

The seed lesson's first pattern. Run it: `python examples/basic_interrupt.py`, or
`signoff run examples/basic_interrupt.py:graph --input '{"messages": [["user", "Send a notification"]]}'`.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.types import Command, interrupt


def propose_action(state: MessagesState) -> dict[str, Any]:
    """Node that proposes an action and waits for approval."""
    # Pause and ask for approval; on resume the node restarts and this returns the answer.
    approved = interrupt("Do you approve sending this notification?")

    if approved:
        return {"messages": [AIMessage(content="✅ Notification sent!")]}
    return {"messages": [AIMessage(content="❌ Notification cancelled.")]}


builder = StateGraph(MessagesState)
builder.add_node("propose", propose_action)
builder.add_edge(START, "propose")
builder.add_edge("propose", END)

graph = builder.compile(checkpointer=InMemorySaver())


if __name__ == "__main__":
    config = {"configurable": {"thread_id": "thread-1"}}

    # Step 1: run until the interrupt; its payload is under "__interrupt__".
    result = graph.invoke(
        {"messages": [{"role": "user", "content": "Send a notification"}]},
        config=config,
    )
    print(result["__interrupt__"])

    # Step 2: resume with the human's response.
    result = graph.invoke(Command(resume=True), config=config)
    print(result["messages"][-1].content)
