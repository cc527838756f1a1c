# expect: none
from langgraph.types import interrupt


def node(state):
    try:
        value = int(interrupt("How many?"))
    except (ValueError, TypeError):
        value = 0
    try:
        interrupt("Continue?")
    finally:
        print("done")
    return {"count": value}
