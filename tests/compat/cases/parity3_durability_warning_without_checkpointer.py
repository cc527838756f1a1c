"""Passing `durability=` to a graph without a checkpointer warns that it has no effect; with a
checkpointer, or without the argument, nothing is warned. (Only "async" here: LangGraph 1.2.22
fails with AttributeError for "sync" or "exit" without a checkpointer.)"""

import warnings
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint
from signoff.graph import START, StateGraph


class State(TypedDict):
    x: int


def inc(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1}


@entrypoint()
def double(x: int) -> int:
    return 2 * x


def caught(call: Any) -> object:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        result = call()
    return {"result": result, "warned": [(w.category.__name__, str(w.message)) for w in seen]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("inc", inc)
    builder.add_edge(START, "inc")
    plain = builder.compile()
    saved = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    return {
        "invoke": caught(lambda: plain.invoke({"x": 1}, durability="async")),
        "stream": caught(lambda: list(plain.stream({"x": 1}, durability="async"))),
        "no argument": caught(lambda: plain.invoke({"x": 1})),
        "with saver": caught(lambda: saved.invoke({"x": 1}, config, durability="sync")),
        "entrypoint": caught(lambda: double.invoke(3, durability="async")),
    }
