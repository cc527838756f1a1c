"""A step that waits (at most 30 s) for a file named `go`: long enough to press Ctrl-C during it."""

import time
from pathlib import Path
from typing import TypedDict

from signoff.graph import END, START, StateGraph


class State(TypedDict, total=False):
    waited: bool


def wait(state: State) -> State:
    deadline = time.monotonic() + 30
    while not Path("go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"waited": True}


builder = StateGraph(State)
builder.add_node("wait", wait)
builder.add_edge(START, "wait")
builder.add_edge("wait", END)
graph = builder.compile()
