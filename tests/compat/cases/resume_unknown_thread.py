"""Command(resume=...) and invoke(None) on a thread that never ran."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    answer: str


def ask(state: State) -> dict[str, Any]:
    return {"answer": interrupt("q?")}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "never-ran"}}
    resumed = graph.invoke(Command(resume="hello"), config)
    state = graph.get_state(config)
    try:
        none_input: object = graph.invoke(None, {"configurable": {"thread_id": "never-2"}})
    except Exception as error:
        none_input = {"raises": type(error).__name__, "message": str(error).splitlines()[0]}
    empty = graph.get_state({"configurable": {"thread_id": "never-3"}})
    return {"resumed": resumed, "state": state, "none_input": none_input, "empty": empty}
