# expect: SO102
from langgraph.types import interrupt


def survey(state):
    answers = [interrupt(q) for q in state["questions"]]  # <- SO102
    done = interrupt("Submit?")
    return {"answers": answers, "done": done}


def fixed_survey(state):
    answers = [interrupt(q) for q in ("Name?", "Age?")]
    done = interrupt("Submit?")
    return {"answers": answers, "done": done}
