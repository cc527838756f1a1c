# expect: SO103
from langgraph.types import interrupt


def node(state):
    answer = interrupt({"question": "Approve report?", "report": open("report.txt")})  # <- SO103
    return {"answer": answer}
