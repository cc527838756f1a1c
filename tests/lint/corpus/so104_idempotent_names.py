# expect: SO104
from langgraph.types import interrupt


def node(state):
    cache.set_value("status", "pending")
    store.put(("users",), state["id"], {"status": "pending"})
    user = db.get_user(state["id"])
    db.upsert_user(user_id=state["id"], status="pending")
    Profile.objects.update_or_create(user_id=state["id"])
    Profile.objects.get_or_create(user_id=state["id"])
    Invite.objects.create(user_id=state["id"])  # <- SO104
    approved = interrupt({"question": "Approve?", "user": user})
    return {"approved": approved}
