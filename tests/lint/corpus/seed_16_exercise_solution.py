# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
from typing import Literal
from typing_extensions import TypedDict
from langgraph.graph import StateGraph, START, END
from langgraph.checkpoint.memory import MemorySaver
from langgraph.types import interrupt, Command


class State(TypedDict):
    to: str
    topic: str
    draft: str
    result: str


def draft_email(state: State):
    draft = f"Dear {state['to']},\n\nRegarding {state['topic']}, I wanted to reach out..."
    return {"draft": draft}


def approve_email(state: State) -> Command[Literal["send", "cancel"]]:
    response = interrupt(
        {
            "draft": state["draft"],
            "question": "Approve, edit, or reject?",
        }
    )

    action = response.get("action", "reject")

    if action == "approve":
        return Command(goto="send")
    elif action == "edit":
        return Command(
            update={"draft": response.get("text", state["draft"])},
            goto="send",
        )
    else:
        return Command(goto="cancel")


def send(state: State):
    return {"result": f"Email sent to {state['to']}: {state['draft']}"}


def cancel(state: State):
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

graph = builder.compile(checkpointer=MemorySaver())

config = {"configurable": {"thread_id": "email-1"}}

# Step 1: Run until interrupt
result = graph.invoke({"to": "alice@example.com", "topic": "meeting"}, config=config)
print(result["__interrupt__"][0].value)

# Step 2: Approve
result = graph.invoke(Command(resume={"action": "approve"}), config=config)
print(result["result"])
