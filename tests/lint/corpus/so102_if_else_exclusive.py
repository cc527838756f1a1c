# expect: none
from langgraph.types import interrupt


def node(state):
    if state["amount"] > 1000:
        answer = interrupt("Large amount: approve?")
    else:
        answer = interrupt("Approve?")
    return {"answer": answer}


def routed(state):
    if state["kind"] == "a":
        first = interrupt("A?")
        return {"first": first}
    second = interrupt("B?")
    return {"second": second}
