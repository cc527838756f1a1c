# expect: none
from langgraph.types import interrupt


def node(state):
    if state["mode"] == "auto":
        send_notification(state["user"])
    else:
        approved = interrupt("Send the notification?")
        if approved:
            send_notification(state["user"])
    return {}


def early(state):
    if state.get("trusted"):
        charge_card(state["card"], state["amount"])
        return {"status": "charged"}
    approved = interrupt({"question": "Charge the card?", "amount": state["amount"]})
    return {"status": "approved" if approved else "rejected"}
