"""invoke(None, config-with-an-older-checkpoint_id) replays from there; history grows a branch."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict):
    log: Annotated[list[str], operator.add]


calls: list[str] = []


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        calls.append(name)
        return {"log": [name]}

    return node


def run() -> object:
    calls.clear()
    builder = StateGraph(State)
    for name in ("a", "b", "c"):
        builder.add_node(name, step(name))
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("b", "c")
    builder.add_edge("c", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "replay"}}
    graph.invoke({"log": []}, config)
    history = list(graph.get_state_history(config))
    before_b = next(h for h in history if h.next == ("b",))
    calls.clear()
    replayed = graph.invoke(None, before_b.config)
    replay_calls = list(calls)
    after = list(graph.get_state_history(config))
    latest = graph.get_state(config)
    return {
        "first_history": [(h.metadata["step"], h.metadata["source"], h.next) for h in history],
        "before_b": (before_b.values, before_b.next, before_b.metadata),
        "get_state_old": graph.get_state(before_b.config).values,
        "replayed": replayed,
        "replay_calls": replay_calls,
        "after_history": [
            (
                h.metadata["step"],
                h.metadata["source"],
                h.next,
                h.config["configurable"]["checkpoint_id"],
                (h.parent_config or {}).get("configurable", {}).get("checkpoint_id"),
            )
            for h in after
        ],
        "latest": (latest.values, latest.parent_config),
        "before_b_id": before_b.config["configurable"]["checkpoint_id"],
    }
