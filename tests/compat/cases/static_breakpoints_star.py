"""interrupt_before="*" and interrupt_after="*" pause around every node; invoke(None) steps on."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict):
    log: Annotated[list[str], operator.add]


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return node


def builder() -> Any:
    graph = StateGraph(State)
    for name in ("a", "b", "c"):
        graph.add_node(name, step(name))
    graph.add_edge(START, "a")
    graph.add_edge("a", "b")
    graph.add_edge("b", "c")
    graph.add_edge("c", END)
    return graph


def walk(graph: Any, thread: str) -> list[object]:
    config = {"configurable": {"thread_id": thread}}
    stops: list[object] = []
    result = graph.invoke({"log": []}, config)
    for _ in range(8):
        state = graph.get_state(config)
        stops.append(
            {
                "result": result,
                "next": state.next,
                "interrupts": state.interrupts,
                "step": state.metadata["step"],
                "tasks": [(t.name, t.interrupts) for t in state.tasks],
            }
        )
        if not state.next:
            break
        result = graph.invoke(None, config)
    return stops


def run() -> object:
    before = builder().compile(checkpointer=MemorySaver(), interrupt_before="*")
    after = builder().compile(checkpointer=MemorySaver(), interrupt_after="*")
    per_call = builder().compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "per-call"}}
    streamed = [
        list(per_call.stream({"log": []}, config, interrupt_before="*", stream_mode="updates")),
        list(per_call.stream(None, config, interrupt_before="*", stream_mode="updates")),
        list(per_call.stream(None, config, stream_mode="updates")),
    ]
    return {"before": walk(before, "before"), "after": walk(after, "after"), "per_call": streamed}
