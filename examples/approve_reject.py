"""Approve or reject: pause before a critical action and route with `Command(goto=...)`.

Resume with `True` to run `execute`, or `False` to run `cancel`. Run it:
`python examples/approve_reject.py`.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.messages import AIMessage

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.types import Command, interrupt


def approval_node(state: MessagesState) -> Command[Literal["execute", "cancel"]]:
    """Pause for approval, then route accordingly."""
    is_approved = interrupt(
        {
            "question": "Do you want to proceed with this action?",
            "details": state["messages"][-1].content,
        }
    )

    if is_approved:
        return Command(goto="execute")
    return Command(goto="cancel")


def execute(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage(content="Action executed successfully!")]}


def cancel(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage(content="Action cancelled by user.")]}


builder = StateGraph(MessagesState)
builder.add_node("approval", approval_node)
builder.add_node("execute", execute)
builder.add_node("cancel", cancel)
builder.add_edge(START, "approval")
builder.add_edge("execute", END)
builder.add_edge("cancel", END)

graph = builder.compile(checkpointer=InMemorySaver())


if __name__ == "__main__":
    request = {"messages": [{"role": "user", "content": "Delete the old records"}]}
    for thread_id, answer in (("approve-1", True), ("reject-1", False)):
        config = {"configurable": {"thread_id": thread_id}}
        paused = graph.invoke(request, config=config)
        print(paused["__interrupt__"][0].value)
        # Resume with True to approve or False to reject.
        result = graph.invoke(Command(resume=answer), config=config)
        print(f"resume={answer}:", result["messages"][-1].content)
