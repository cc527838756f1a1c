# expect: SO101
from langgraph.types import interrupt


def node(state):
    try:
        value = int(interrupt("How many?"))  # <- SO101
    except (ValueError, Exception) as exc:
        return {"error": str(exc)}
    return {"count": value}
