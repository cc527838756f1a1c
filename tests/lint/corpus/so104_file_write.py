# expect: SO104
from pathlib import Path

from langgraph.types import interrupt


def node(state):
    config = open("config.json").read()
    with open("audit.log", "a") as log_file:  # <- SO104
        log_file.write(f"pending {state['id']}\n")  # <- SO104
    Path("last.txt").write_text(state["id"])  # <- SO104
    approved = interrupt({"question": "Approve?", "config": config})
    return {"approved": approved}
