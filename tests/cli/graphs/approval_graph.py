"""An email is sent only after a person accepts, edits, or answers the Agent-Inbox request."""

from typing import Any, TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import interrupt


class State(TypedDict, total=False):
    to: str
    decision: Any


def propose(state: State) -> State:
    decision = interrupt(
        {
            "action_request": {
                "action": "send_email",
                "args": {"to": state["to"], "subject": "Hi"},
            },
            "config": {
                "allow_accept": True,
                "allow_edit": True,
                "allow_respond": True,
                "allow_ignore": False,
            },
            "description": "Send the welcome email?",
        }
    )
    return {"decision": decision}


builder = StateGraph(State)
builder.add_node("propose", propose)
builder.add_edge(START, "propose")
builder.add_edge("propose", END)
graph = builder.compile()
