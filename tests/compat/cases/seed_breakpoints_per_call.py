"""Seed: static breakpoints given per call (invoke/stream) and seen in the updates stream."""

import itertools
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
    names = ("prepare", "review_node", "schedule", "critical_node", "finish")
    for name in names:
        graph.add_node(name, step(name))
    graph.add_edge(START, names[0])
    for left, right in itertools.pairwise(names):
        graph.add_edge(left, right)
    graph.add_edge(names[-1], END)
    return graph


def run() -> object:
    observed: dict[str, object] = {}
    plain = builder().compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "per-call"}}
    first = plain.invoke({"log": []}, config, interrupt_before=["critical_node"])
    snapshot = plain.get_state(config)
    observed["per_call_invoke"] = {
        "first": first,
        "next": snapshot.next,
        "interrupts": snapshot.interrupts,
        "tasks": [(t.name, t.interrupts) for t in snapshot.tasks],
        "continued": plain.invoke(None, config),
        "after": plain.get_state(config).next,
    }
    config = {"configurable": {"thread_id": "per-call-stream"}}
    observed["per_call_stream"] = [
        list(
            plain.stream(
                {"log": []}, config, interrupt_after=["review_node"], stream_mode="updates"
            )
        ),
        list(plain.stream(None, config, stream_mode="updates")),
    ]
    compiled = builder().compile(
        checkpointer=MemorySaver(),
        interrupt_before=["critical_node"],
        interrupt_after=["review_node"],
    )
    config = {"configurable": {"thread_id": "compiled-stream"}}
    observed["compiled_stream"] = [
        list(compiled.stream({"log": []}, config, stream_mode="updates")),
        list(compiled.stream(None, config, stream_mode="updates")),
        list(compiled.stream(None, config, stream_mode=["values", "updates"])),
    ]
    return observed
