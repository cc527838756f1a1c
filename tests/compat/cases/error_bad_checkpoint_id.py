"""A config naming a checkpoint_id that does not exist: get_state, invoke(None), history, update."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
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
    builder.add_node("node", lambda state: {"value": state.get("value", "") + "!"})
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    graph = builder.compile(checkpointer=MemorySaver())
    graph.invoke({"value": "a"}, {"configurable": {"thread_id": "real"}})
    missing = "1f0c0c0c-0000-6000-8000-000000000000"
    observed: dict[str, object] = {}
    for thread in ("real", "never"):
        config = {"configurable": {"thread_id": thread, "checkpoint_id": missing}}
        observed[thread] = {
            "get_state": attempt(lambda config=config: graph.get_state(config)),
            "history": attempt(lambda config=config: list(graph.get_state_history(config))),
            "invoke_none": attempt(lambda config=config: graph.invoke(None, config)),
            "invoke_input": attempt(lambda config=config: graph.invoke({"value": "b"}, config)),
        }
    observed["real_after"] = [
        (h.metadata["step"], h.metadata["source"], h.values)
        for h in graph.get_state_history({"configurable": {"thread_id": "real"}})
    ]
    return observed
