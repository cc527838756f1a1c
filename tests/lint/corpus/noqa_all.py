# expect: none
from langgraph.types import interrupt


def node(state):
    db.create_audit_log({"action": "pending"})  # noqa: SO104
    notify_admins(state["id"])  # noqa
    send_sms(  # noqa: SO104
        state["phone"],
        "Approval needed",
    )
    approved = interrupt("Approve?")
    return {"approved": approved}
