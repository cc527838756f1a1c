"""Answering parallel interrupts one at a time: a task that already finished is not run again.

Two parallel nodes and two Send tasks each pause; after the first is answered (it finishes,
the other pauses again), answering the second must run only the second node.
"""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, Send, interrupt

calls: list[str] = []


class State(TypedDict, total=False):
    out: Annotated[list[str], operator.add]


def asker(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        calls.append(name)
        return {"out": [f"{name}={interrupt(name)}"]}

    return node


def review(arg: dict[str, str]) -> dict[str, Any]:
    calls.append(arg["doc"])
    return {"out": [f"{arg['doc']}={interrupt(arg['doc'])}"]}


def parallel_nodes() -> Any:
    builder = StateGraph(State)
    builder.add_node("left", asker("left"))
    builder.add_node("right", asker("right"))
    builder.add_edge(START, "left")
    builder.add_edge(START, "right")
    return builder.compile(checkpointer=MemorySaver())


def send_tasks() -> Any:
    builder = StateGraph(State)
    builder.add_node("review", review)
    builder.add_conditional_edges(
        START, lambda state: [Send("review", {"doc": d}) for d in ("left", "right")]
    )
    return builder.compile(checkpointer=MemorySaver())


def one_at_a_time(graph: Any, thread: str) -> dict[str, object]:
    config = {"configurable": {"thread_id": thread}}
    calls.clear()
    graph.invoke({"out": []}, config)
    first_run = sorted(calls)
    ids = {i.value: i.id for i in graph.get_state(config).interrupts}
    calls.clear()
    graph.invoke(Command(resume={ids["left"]: "L"}), config)
    after_left = sorted(calls)
    calls.clear()
    done = graph.invoke(Command(resume={ids["right"]: "R"}), config)
    return {
        "first_run": first_run,
        "ran_answering_left": after_left,
        "ran_answering_right": sorted(calls),
        "done": done,
    }


def run() -> object:
    return {
        "parallel_nodes": one_at_a_time(parallel_nodes(), "nodes"),
        "send_tasks": one_at_a_time(send_tasks(), "sends"),
    }
