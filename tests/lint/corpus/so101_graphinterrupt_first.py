# expect: none
from langgraph.errors import GraphInterrupt
from langgraph.types import interrupt


def node(state):
    try:
        answer = interrupt("Approve?")
    except GraphInterrupt:
        raise
    except Exception:
        answer = None
    return {"answer": answer}
