"""get_state / get_state_history / update_state on a checkpointed graph with no thread_id."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict, total=False):
    value: str


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("node", lambda state: {"value": "v"})
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    graph = builder.compile(checkpointer=InMemorySaver())
    graph.invoke({}, {"configurable": {"thread_id": "t"}})
    return {
        "get_state_no_configurable": attempt(lambda: graph.get_state({})),
        "get_state_empty_configurable": attempt(lambda: graph.get_state({"configurable": {}})),
        "history_no_configurable": attempt(lambda: list(graph.get_state_history({}))),
        "history_empty_configurable": attempt(
            lambda: list(graph.get_state_history({"configurable": {}}))
        ),
        "update_state_no_configurable": attempt(lambda: graph.update_state({}, {"value": "u"})),
    }
