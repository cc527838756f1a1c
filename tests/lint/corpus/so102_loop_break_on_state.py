# expect: SO102
from langgraph.types import interrupt


def node(state):
    notes = []
    while True:
        notes.append(interrupt("Another note?"))  # <- SO102
        if len(notes) >= state["max_notes"]:
            break
    ok = interrupt("Save these notes?")
    return {"notes": notes, "ok": ok}
