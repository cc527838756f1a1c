"""durability="sync" | "async" | "exit": how many checkpoints a run leaves, with and without a pause."""

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
    return {"answer": interrupt("go?"), "log": ["ask"]}


def build(with_pause: bool) -> Any:
    builder = StateGraph(State)
    names = ["a", "b", "c"]
    for name in names:
        builder.add_node(name, step(name))
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    if with_pause:
        builder.add_node("ask", ask)
        builder.add_edge("b", "ask")
        builder.add_edge("ask", "c")
    else:
        builder.add_edge("b", "c")
    builder.add_edge("c", END)
    return builder.compile(checkpointer=MemorySaver())


def history(graph: Any, config: Any) -> list[object]:
    return [
        (h.metadata["step"], h.metadata["source"], h.next, h.values.get("log"))
        for h in graph.get_state_history(config)
    ]


def run() -> object:
    observed: dict[str, object] = {}
    for durability in ("sync", "async", "exit"):
        graph = build(with_pause=False)
        config = {"configurable": {"thread_id": durability}}
        result = graph.invoke({"log": []}, config, durability=durability)
        observed[f"plain-{durability}"] = {"result": result, "history": history(graph, config)}
        graph = build(with_pause=True)
        paused = graph.invoke({"log": []}, config, durability=durability)
        state = graph.get_state(config)
        paused_history = history(graph, config)
        done = graph.invoke(Command(resume="yes"), config, durability=durability)
        observed[f"pause-{durability}"] = {
            "paused": paused,
            "paused_state": (state.values, state.next, state.metadata["step"]),
            "paused_history": paused_history,
            "done": done,
            "history": history(graph, config),
        }
    return observed
