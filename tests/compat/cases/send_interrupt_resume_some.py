"""Resume map answering some of the Send tasks' interrupts: the rest stay pending."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Send, interrupt


class State(TypedDict, total=False):
    docs: list[str]
    verdicts: Annotated[list[str], operator.add]


def plan(state: State) -> dict[str, Any]:
    return {}


def fan_out(state: State) -> list[Send]:
    return [Send("review", {"doc": doc}) for doc in state["docs"]]


def review(arg: dict[str, str]) -> dict[str, Any]:
    answer = interrupt({"review": arg["doc"]})
    return {"verdicts": [f"{arg['doc']}={answer}"]}


def sorted_interrupts(output: Any) -> Any:
    """Parallel tasks finish in any order; sort `__interrupt__` by question to compare."""
    if isinstance(output, dict) and "__interrupt__" in output:
        ordered = sorted(output["__interrupt__"], key=lambda i: repr(i.value))
        return {**output, "__interrupt__": ordered}
    return output


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("plan", plan)
    builder.add_node("review", review)
    builder.add_edge(START, "plan")
    builder.add_conditional_edges("plan", fan_out, ["review"])
    builder.add_edge("review", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "send-some"}}
    graph.invoke({"docs": ["a", "b", "c"]}, config)
    by_doc = {i.value["review"]: i.id for i in graph.get_state(config).interrupts}
    first = sorted_interrupts(graph.invoke(Command(resume={by_doc["b"]: "yes"}), config))
    middle = graph.get_state(config)
    second = graph.invoke(Command(resume={by_doc["a"]: "no", by_doc["c"]: "maybe"}), config)
    final = graph.get_state(config)
    return {
        "first": first,
        "middle": middle,
        "second": second,
        "final": (final.values, final.next, final.interrupts),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next, len(h.tasks))
            for h in graph.get_state_history(config)
        ],
    }
