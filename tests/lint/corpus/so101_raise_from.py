# expect: SO101
from langgraph.types import interrupt


def node(state):
    try:
        answer = interrupt("Approve?")  # <- SO101
    except Exception as exc:
        raise RuntimeError("approval failed") from exc
    return {"answer": answer}
