"""The seed lesson's exercise: draft an email, pause for a person to approve, edit or reject it.

Input is who to write to and what about: `{"to": "alice@example.com", "topic": "meeting"}`.
`draft` writes the email, `approve` pauses with an Agent-Inbox-style request (the action, its
arguments, what the person may do, and the question "Approve, edit, or reject?"), then routes to
`send` or `cancel` with `Command(goto=...)`.

Answers in the seed's vocabulary: `{"action": "approve"}`, `{"action": "edit", "text": "..."}`,
`{"action": "reject"}`; and in Agent Inbox's: `{"type": "accept"}`,
`{"type": "edit", "args": {"to": "...", "body": "..."}}`, `{"type": "ignore"}`.

Run it with the CLI, which pauses and asks you:

    signoff run examples/email_approval.py:graph --input '{"to": "alice@example.com", "topic": "meeting"}'

or as a script (`python examples/email_approval.py`), which answers for you.
"""

from __future__ import annotations

from typing import Any, Literal

from typing_extensions import NotRequired, TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

QUESTION = "Approve, edit, or reject?"


class State(TypedDict):
    to: str
    topic: str
    draft: NotRequired[str]
    result: NotRequired[str]


def greeting_name(address: str) -> str:
    """`alice.smith@example.com` -> `Alice Smith`: the local part, as a person would write it."""
    local = address.split("@", 1)[0]
    return " ".join(part.capitalize() for part in local.replace("_", ".").split(".") if part)


def draft_email(state: State) -> dict[str, Any]:
    draft = (
        f"Dear {greeting_name(state['to'])},\n\n"
        f"Regarding the {state['topic']}, I wanted to reach out..."
    )
    return {"draft": draft}


def read_decision(response: Any) -> tuple[str, dict[str, str]]:
    """Map an answer in either vocabulary to `("approve" | "edit" | "reject", state changes)`.

    An edit may change the body (the seed's `text`, Agent Inbox's `args.body`) and, in Agent
    Inbox's form, the recipient (`args.to`). Anything unrecognised counts as a rejection, so a
    malformed answer never sends an email.
    """
    if not isinstance(response, dict):
        return "reject", {}
    if "type" in response:
        kind = {"accept": "approve", "edit": "edit"}.get(response["type"], "reject")
        args = response.get("args")
        if isinstance(args, dict) and isinstance(args.get("args"), dict):
            args = args["args"]  # a whole Agent Inbox ActionRequest: {"action", "args"}
        edits = args if isinstance(args, dict) else {}
        fields = {"body": "draft", "to": "to"}
        return kind, {fields[k]: str(v) for k, v in edits.items() if k in fields}
    action = response.get("action", "reject")
    if action == "edit":
        return "edit", {"draft": str(response["text"])} if "text" in response else {}
    return ("approve" if action == "approve" else "reject"), {}


def approve_email(state: State) -> Command[Literal["send", "cancel"]]:
    response = interrupt(
        {
            "action_request": {
                "action": "send_email",
                "args": {"to": state["to"], "body": state["draft"]},
            },
            "config": {
                "allow_accept": True,
                "allow_edit": True,
                "allow_respond": False,
                "allow_ignore": True,
            },
            "description": QUESTION,
        }
    )

    action, changes = read_decision(response)
    if action == "approve":
        return Command(goto="send")
    if action == "edit":
        return Command(update=changes, goto="send")
    return Command(goto="cancel")


def send(state: State) -> dict[str, Any]:
    return {"result": f"Email sent to {state['to']}: {state['draft']}"}


def cancel(state: State) -> dict[str, Any]:
    return {"result": "Email cancelled."}


builder = StateGraph(State)
builder.add_node("draft", draft_email)
builder.add_node("approve", approve_email)
builder.add_node("send", send)
builder.add_node("cancel", cancel)

builder.add_edge(START, "draft")
builder.add_edge("draft", "approve")
builder.add_edge("send", END)
builder.add_edge("cancel", END)

graph = builder.compile(checkpointer=InMemorySaver())


if __name__ == "__main__":
    config = {"configurable": {"thread_id": "email-1"}}

    # Step 1: run until the interrupt.
    result = graph.invoke({"to": "alice@example.com", "topic": "meeting"}, config=config)
    request = result["__interrupt__"][0].value
    print(request["description"])
    print(request["action_request"]["args"]["body"])

    # Step 2: approve.
    result = graph.invoke(Command(resume={"action": "approve"}), config=config)
    print(result["result"])
