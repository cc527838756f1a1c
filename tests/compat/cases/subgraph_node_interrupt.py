"""A compiled subgraph as a node pauses inside; parent get_state with and without subgraphs=True."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    answer: str


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return node


def ask(state: State) -> dict[str, Any]:
    return {"answer": interrupt({"log": state["log"]}), "log": ["ask"]}


def build() -> Any:
    inner = StateGraph(State)
    inner.add_node("prepare", step("prepare"))
    inner.add_node("ask", ask)
    inner.add_edge(START, "prepare")
    inner.add_edge("prepare", "ask")
    inner.add_edge("ask", END)
    outer = StateGraph(State)
    outer.add_node("start", step("start"))
    outer.add_node("child", inner.compile())
    outer.add_node("finish", step("finish"))
    outer.add_edge(START, "start")
    outer.add_edge("start", "child")
    outer.add_edge("child", "finish")
    outer.add_edge("finish", END)
    return outer.compile(checkpointer=MemorySaver())


def run() -> object:
    graph = build()
    config = {"configurable": {"thread_id": "sub"}}
    paused = graph.invoke({"log": []}, config)
    flat = graph.get_state(config)
    deep = graph.get_state(config, subgraphs=True)
    child_config = flat.tasks[0].state
    child = graph.get_state(child_config) if child_config else None
    done = graph.invoke(Command(resume="yes"), config)
    after = graph.get_state(config, subgraphs=True)
    return {
        "paused": paused,
        "flat": flat,
        "deep": deep,
        "child_via_task_config": child,
        "done": done,
        "after": (after.values, after.next, after.tasks),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next)
            for h in graph.get_state_history(config)
        ],
    }
