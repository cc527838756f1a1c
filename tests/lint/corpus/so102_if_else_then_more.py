# expect: SO102
from langgraph.types import interrupt


def node(state):
    if state["amount"] > 1000:
        answer = interrupt("Large amount: approve?")  # <- SO102
    else:
        answer = interrupt("Approve?")  # <- SO102
    note = interrupt("Note for the log?")
    return {"answer": answer, "note": note}
