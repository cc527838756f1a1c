# expect: SO102
from langgraph.types import interrupt


def review_items(state):
    approved = []
    for item in state["items"]:
        if interrupt({"approve": item}):  # <- SO102
            approved.append(item)
    note = interrupt("Anything to add?")
    return {"approved": approved, "note": note}
