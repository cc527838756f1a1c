"""Seed: the hands-on exercise's solution (draft, approve with Command(goto), send or cancel)."""

from typing import Any, Literal

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict):
    to: str
    topic: str
    draft: str
    result: str


def draft_email(state: State) -> dict[str, Any]:
    draft = f"Dear {state['to']},\n\nRegarding {state['topic']}, I wanted to reach out..."
    return {"draft": draft}


def approve_email(state: State) -> Command[Literal["send", "cancel"]]:
    response = interrupt({"draft": state["draft"], "question": "Approve, edit, or reject?"})
    action = response.get("action", "reject")
    if action == "approve":
        return Command(goto="send")
    if action == "edit":
        return Command(update={"draft": response.get("text", state["draft"])}, goto="send")
    return Command(goto="cancel")


def send(state: State) -> dict[str, Any]:
    return {"result": f"Email sent to {state['to']}: {state['draft']}"}


def cancel(state: State) -> dict[str, Any]:
    return {"result": "Email cancelled."}


def run() -> object:
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
    observed: dict[str, object] = {}
    answers = {
        "approve": {"action": "approve"},
        "edit": {"action": "edit", "text": "Hi Alice, see you at 3."},
        "reject": {"action": "reject"},
        "unknown": {"action": "maybe"},
    }
    for thread, answer in answers.items():
        config = {"configurable": {"thread_id": thread}}
        paused = graph.invoke({"to": "alice@example.com", "topic": "meeting"}, config)
        state = graph.get_state(config)
        done = graph.invoke(Command(resume=answer), config)
        history = [
            (h.metadata["step"], h.metadata["source"], h.next)
            for h in graph.get_state_history(config)
        ]
        observed[thread] = {
            "paused": paused,
            "paused_state": (state.values, state.next, state.interrupts),
            "done": done,
            "history": history,
        }
    return observed
