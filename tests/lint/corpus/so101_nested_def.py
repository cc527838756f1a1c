# expect: none
from langgraph.types import interrupt


def make_node(name):
    try:

        def node(state):
            return {"answer": interrupt(f"Approve {name}?")}

    except Exception:
        node = None
    return node
