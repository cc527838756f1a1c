# expect: none
import requests
from langgraph.types import interrupt


def node(state):
    approved = interrupt({"question": "Send the email?", "to": state["to"]})
    if approved:
        send_email(state["to"], state["body"])
        requests.post("https://api.example.com/audit", json={"to": state["to"]})
        db.create_audit_log({"action": "sent"})
    return {"approved": approved}
