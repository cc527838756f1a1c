# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
from typing import Literal
from langgraph.types import interrupt, Command


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
    else:
        return Command(goto="cancel")


def execute(state: MessagesState):
    return {"messages": [AIMessage(content="Action executed successfully!")]}


def cancel(state: MessagesState):
    return {"messages": [AIMessage(content="Action cancelled by user.")]}
