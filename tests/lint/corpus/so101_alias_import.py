# expect: SO101
import langgraph.types as lgt
from signoff.types import interrupt as pause


def first(state):
    try:
        answer = pause("Approve?")  # <- SO101
    except BaseException:
        answer = None
    return {"answer": answer}


def second(state):
    try:
        answer = lgt.interrupt("Approve?")  # <- SO101
    except BaseException:
        answer = None
    return {"answer": answer}
