"""Command(goto=[Send, ...]) from a node fans out; Send args reach the worker as its input."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Send


class State(TypedDict, total=False):
    items: list[int]
    squares: Annotated[list[int], operator.add]
    note: str


def dispatch(state: State) -> Command[Any]:
    return Command(
        update={"note": "dispatched"},
        goto=[Send("square", {"n": n}) for n in state["items"]],
    )


def square(arg: dict[str, int]) -> dict[str, Any]:
    return {"squares": [arg["n"] * arg["n"]]}


def total(state: State) -> dict[str, Any]:
    return {"note": f"sum={sum(state['squares'])}"}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("dispatch", dispatch, destinations=("square",))
    builder.add_node("square", square)
    builder.add_node("total", total)
    builder.add_edge(START, "dispatch")
    builder.add_edge("square", "total")
    builder.add_edge("total", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "cmd-send"}}
    result = graph.invoke({"items": [1, 2, 3, 4]}, config)
    state = graph.get_state(config)
    history = [
        (h.metadata["step"], h.metadata["source"], h.next, [t.name for t in h.tasks])
        for h in graph.get_state_history(config)
    ]
    empty = graph.invoke({"items": []}, {"configurable": {"thread_id": "none"}})
    return {
        "result": result,
        "values": state.values,
        "next": state.next,
        "history": history,
        "empty": empty,
    }
