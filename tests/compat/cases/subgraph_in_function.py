"""A subgraph invoked from inside a node function pauses; the outer node re-runs on resume."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

calls: dict[str, int] = {}


class Inner(TypedDict, total=False):
    question: str
    reply: str


class Outer(TypedDict, total=False):
    topic: str
    result: str


def ask(state: Inner) -> dict[str, Any]:
    calls["ask"] = calls.get("ask", 0) + 1
    return {"reply": interrupt(state["question"])}


def build() -> Any:
    inner_builder = StateGraph(Inner)
    inner_builder.add_node("ask", ask)
    inner_builder.add_edge(START, "ask")
    inner_builder.add_edge("ask", END)
    inner = inner_builder.compile()

    def call_inner(state: Outer) -> dict[str, Any]:
        calls["call_inner"] = calls.get("call_inner", 0) + 1
        out = inner.invoke({"question": f"about {state['topic']}?"})
        return {"result": out["reply"]}

    outer = StateGraph(Outer)
    outer.add_node("call_inner", call_inner)
    outer.add_edge(START, "call_inner")
    outer.add_edge("call_inner", END)
    return outer.compile(checkpointer=MemorySaver())


def run() -> object:
    calls.clear()
    graph = build()
    config = {"configurable": {"thread_id": "fn-sub"}}
    paused = graph.invoke({"topic": "tea"}, config)
    flat = graph.get_state(config)
    deep = graph.get_state(config, subgraphs=True)
    done = graph.invoke(Command(resume="green"), config)
    return {
        "paused": paused,
        "flat": (flat.next, flat.interrupts, [(t.name, t.path, t.state) for t in flat.tasks]),
        "deep_task_states": [t.state for t in deep.tasks],
        "done": done,
        "calls": dict(sorted(calls.items())),
    }
