# expect: none
from langgraph.types import interrupt


def guard(state):
    if state.get("risky"):
        approved = interrupt({"question": "Risky action, approve?", "action": state["action"]})
        if not approved:
            return {"status": "rejected"}
    return {"status": "approved"}


def by_kind(state):
    match state["kind"]:
        case "refund":
            answer = interrupt("Approve refund?")
        case _:
            answer = interrupt("Approve?")
    return {"answer": answer}
