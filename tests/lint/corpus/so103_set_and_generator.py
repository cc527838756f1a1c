# expect: SO103
from langgraph.types import interrupt


def node(state):
    tags = interrupt({"question": "Pick tags", "options": {"red", "green"}})  # <- SO103
    ids = interrupt({"question": "Pick ids", "ids": {i for i in state["ids"]}})  # <- SO103
    rows = interrupt(row for row in state["rows"])  # <- SO103
    return {"tags": tags, "ids": ids, "rows": rows}
