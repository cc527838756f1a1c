"""A node that returns a bare `Send(...)`: no state update, the packet runs its node in the next
step (streamed updates, the result, the history's task results); a list of Sends is refused with
the "Expected dict" InvalidUpdateError, as a tuple of them is."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Send


class State(TypedDict):
    x: int
    log: Annotated[list[str], operator.add]


def worker(arg: Any) -> dict[str, Any]:
    return {"log": [f"worker {arg}"]}


def build(returned: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("fan", lambda state: returned)
    builder.add_node("worker", worker)
    builder.add_edge(START, "fan")
    return builder.compile(checkpointer=InMemorySaver())


def attempt(returned: Any) -> object:
    try:
        return build(returned).invoke({"x": 1, "log": []}, {"configurable": {"thread_id": "t"}})
    except Exception as exc:
        return {"error": type(exc).__name__, "message": str(exc).splitlines()[0]}


def run() -> object:
    graph = build(Send("worker", 7))
    config = {"configurable": {"thread_id": "1"}}
    updates = list(graph.stream({"x": 1, "log": []}, config, stream_mode="updates"))
    history = [
        (s.metadata["step"], s.next, [(t.name, t.result) for t in s.tasks])
        for s in graph.get_state_history(config)
    ]
    return {
        "updates": updates,
        "state": graph.get_state(config).values,
        "history": history,
        "list of sends": attempt([Send("worker", 1), Send("worker", 2)]),
        "tuple of sends": attempt((Send("worker", 1),)),
    }
