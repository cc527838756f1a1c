# expect: SO102
from langgraph.types import interrupt


def node(state):
    answers = {}
    for i in range(3):
        if state.get(f"ask_{i}"):
            answers[i] = interrupt(f"Question {i}?")  # <- SO102
    return {"answers": answers}
