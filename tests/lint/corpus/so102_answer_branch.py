# expect: none
from langgraph.types import interrupt


def edit_draft(state):
    action = interrupt({"draft": state["draft"], "question": "approve or edit?"})
    text = state["draft"]
    if action == "edit":
        text = interrupt("New text?")
    confirmed = interrupt({"question": "Send this?", "text": text})
    return {"draft": text, "confirmed": confirmed}


def pick(state):
    choice = interrupt("Which plan?")
    plan = choice.get("plan") if isinstance(choice, dict) else choice
    extras = interrupt("Extras?") if plan == "pro" else []
    final = interrupt("Confirm?")
    return {"plan": plan, "extras": extras, "final": final}
