"""Several interrupts in one node, answered one at a time and matched by their order.

The node restarts on every resume; the k-th `interrupt()` call returns the k-th answer, so keep
the calls in the same order on every run. Run it: `python examples/multiple_interrupts.py`.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    name: str
    age: int


def node(state: State) -> dict[str, Any]:
    # Same order every time: name first, then age.
    name = interrupt("What's your name?")
    age = interrupt("What's your age?")
    return {"name": name, "age": age}


builder = StateGraph(State)
builder.add_node("ask", node)
builder.add_edge(START, "ask")
builder.add_edge("ask", END)

graph = builder.compile(checkpointer=InMemorySaver())


if __name__ == "__main__":
    config = {"configurable": {"thread_id": "profile-1"}}
    result = graph.invoke({}, config=config)
    print(result["__interrupt__"][0].value)

    result = graph.invoke(Command(resume="Ada"), config=config)
    print(result["__interrupt__"][0].value)

    result = graph.invoke(Command(resume=36), config=config)
    print(result)
