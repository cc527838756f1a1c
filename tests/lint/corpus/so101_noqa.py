# expect: SO101
from langgraph.types import interrupt


def node(state):
    try:
        a = interrupt("One?")  # noqa: SO101
    except Exception:
        a = None
    try:
        b = interrupt("Two?")  # noqa
    except Exception:
        b = None
    try:
        c = interrupt("Three?")  # noqa: SO104  # <- SO101
    except Exception:
        c = None
    return {"a": a, "b": b, "c": c}
