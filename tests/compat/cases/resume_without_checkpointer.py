"""interrupt() and Command(resume=...) on a graph compiled without a checkpointer."""

from typing import Any

from typing_extensions import TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    answer: str


def ask(state: State) -> dict[str, Any]:
    return {"answer": interrupt("q?")}


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0][:60]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile()
    return {
        "invoke": attempt(lambda: graph.invoke({})),
        "resume": attempt(lambda: graph.invoke(Command(resume="x"))),
        "get_state": attempt(lambda: graph.get_state({"configurable": {"thread_id": "t"}})),
    }
