# expect: none
from langgraph.types import interrupt


def node(state):
    name = interrupt("What's your name?")
    if not state.get("needs_age"):
        return {"name": name}
    age = interrupt("What's your age?")
    return {"name": name, "age": age}
