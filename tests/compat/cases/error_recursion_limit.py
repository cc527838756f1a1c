"""GraphRecursionError: a loop stops at config["recursion_limit"]; state shows where it stopped."""

import operator
from typing import Annotated

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict):
    count: Annotated[int, operator.add]


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("tick", lambda state: {"count": 1})
    builder.add_node("tock", lambda state: {"count": 1})
    builder.add_edge(START, "tick")
    builder.add_edge("tick", "tock")
    builder.add_conditional_edges("tock", lambda s: END if s["count"] >= 100 else "tick")
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for limit in (1, 4, 7):
        config = {"configurable": {"thread_id": f"limit-{limit}"}, "recursion_limit": limit}
        try:
            outcome: object = graph.invoke({"count": 0}, config)
        except Exception as error:
            outcome = {"raises": type(error).__name__, "message": str(error).splitlines()[0]}
        state = graph.get_state(config)
        observed[f"limit-{limit}"] = {
            "outcome": outcome,
            "values": state.values,
            "next": state.next,
            "step": state.metadata["step"],
            "history": len(list(graph.get_state_history(config))),
        }
    config = {"configurable": {"thread_id": "stream"}, "recursion_limit": 3}
    chunks: list[object] = []
    try:
        for chunk in graph.stream({"count": 0}, config, stream_mode="updates"):
            chunks.append(chunk)
    except Exception as error:
        chunks.append({"raises": type(error).__name__})
    observed["stream"] = chunks
    ok = graph.invoke({"count": 95}, {"configurable": {"thread_id": "ok"}, "recursion_limit": 7})
    observed["enough"] = ok
    return observed
