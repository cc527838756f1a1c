"""Command(resume=...) on a thread that finished: what invoke returns and what the state shows."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    answer: str
    runs: int


def ask(state: State) -> dict[str, Any]:
    return {"answer": interrupt("q?"), "runs": state.get("runs", 0) + 1}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "done"}}
    graph.invoke({"runs": 0}, config)
    finished = graph.invoke(Command(resume="first"), config)
    again = graph.invoke(Command(resume="second"), config)
    history = [(h.metadata["step"], h.metadata["source"]) for h in graph.get_state_history(config)]
    return {
        "finished": finished,
        "again": again,
        "state": graph.get_state(config).values,
        "history": history,
    }
