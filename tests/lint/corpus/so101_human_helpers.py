# expect: SO101
from signoff import human
from signoff.human import approve


def node(state):
    try:
        decision = approve("send_email", {"to": state["to"]})  # <- SO101
    except Exception:
        decision = None
    try:
        note = human.ask("Any note?")  # <- SO101
    except:
        note = ""
    return {"decision": decision, "note": note}
