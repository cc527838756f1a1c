# expect: SO104
from langgraph.types import interrupt


def collect(state):
    while True:
        answer = interrupt("Next item (or 'done')?")
        if answer == "done":
            break
        db.insert_item(state["list_id"], answer)  # <- SO104
    return {"status": "collected"}
