# expect: SO101
from langgraph.types import interrupt


def ask_user(question):
    return interrupt({"question": question})


def confirm(question):
    return ask_user(question) == "yes"


def node(state):
    try:
        ok = confirm("Ship it?")  # <- SO101
    except Exception:
        ok = False
    return {"ok": ok}
