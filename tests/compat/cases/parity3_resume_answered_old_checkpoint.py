"""`Command(resume=...)` addressed to an old checkpoint whose interrupt was answered long ago."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict):
    log: Annotated[list[str], operator.add]


def ask(state: State) -> dict[str, Any]:
    return {"log": ["ask:" + str(interrupt("ok?"))]}


def after(state: State) -> dict[str, Any]:
    return {"log": ["after"]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_node("after", after)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", "after")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    graph.invoke({"log": []}, config)
    graph.invoke(Command(resume="yes"), config)
    paused_at = next(h for h in graph.get_state_history(config) if h.next == ("ask",))
    try:
        result: Any = graph.invoke(Command(resume="again"), paused_at.config)
    except Exception as error:
        result = {"raises": type(error).__name__, "message": str(error)}
    return {"result": result, "state": graph.get_state(config).values}
