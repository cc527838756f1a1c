# expect: SO103
from langgraph.types import interrupt


def validate(text):
    return len(text) > 0


def node(state):
    a = interrupt({"question": "Name?", "validator": validate})  # <- SO103
    b = interrupt({"question": "Name?", "check": len})  # <- SO103
    c = interrupt({"question": "Name?", "valid": validate(state["name"])})
    return {"a": a, "b": b, "c": c}
