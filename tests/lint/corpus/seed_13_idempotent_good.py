# expect: none
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# ‚úÖ GOOD: upsert is idempotent
def node(state):
    db.upsert_user(user_id=state["user_id"], status="pending")
    approved = interrupt("Approve?")
    return {"approved": approved}
