"""invoke(None) while an interrupt is pending re-runs the node and asks again; then a resume.

(`Command(resume=None)` is left out: LangGraph 1.2.22 fails on it with an UnboundLocalError.)
"""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    answer: Any
    runs: int


calls: list[str] = []


def ask(state: State) -> dict[str, Any]:
    calls.append("ask")
    return {"answer": interrupt("anything?"), "runs": state.get("runs", 0) + 1}


def run() -> object:
    calls.clear()
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    config = {"configurable": {"thread_id": "invoke-none"}}
    graph.invoke({"runs": 0}, config)
    observed["invoke_none"] = graph.invoke(None, config)
    state = graph.get_state(config)
    observed["invoke_none_state"] = (state.next, state.interrupts)
    observed["then_resume"] = graph.invoke(Command(resume="late"), config)
    observed["history"] = [
        (h.metadata["step"], h.metadata["source"]) for h in graph.get_state_history(config)
    ]
    observed["calls"] = len(calls)
    return observed
