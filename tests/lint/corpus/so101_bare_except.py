# expect: SO101
from langgraph.types import interrupt


def node(state):
    try:
        answer = interrupt("Approve?")  # <- SO101
    except:
        answer = None
    return {"answer": answer}
