# expect: SO104
# From the seed lesson (000_bb720d8d28a0c102.txt); code as written there, run through ruff format.
# ‚ùå BAD: creates duplicate records on each resume
def node(state):
    db.create_audit_log({"action": "pending", "timestamp": datetime.now()})  # <- SO104
    approved = interrupt("Approve?")
    return {"approved": approved}
