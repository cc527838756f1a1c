# expect: SO103
from langgraph.types import interrupt


def node(state):
    payload = {"question": "Approve?", "on_reject": lambda: None}
    answer = interrupt(payload)  # <- SO103
    question = {"text": "ok?"}
    if state.get("loud"):
        question = {"text": "OK?!"}
    second = interrupt(question)
    return {"answer": answer, "second": second}
