"""update_state on an older checkpoint forks the thread; as_node picks what runs next."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict):
    topic: str
    log: Annotated[list[str], operator.add]


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [f"{name}:{state['topic']}"]}

    return node


def ids(config: Any) -> object:
    return None if config is None else config["configurable"].get("checkpoint_id")


def run() -> object:
    builder = StateGraph(State)
    for name in ("a", "b", "c"):
        builder.add_node(name, step(name))
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("b", "c")
    builder.add_edge("c", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "fork"}}
    graph.invoke({"topic": "cats", "log": []}, config)
    before_b = next(h for h in graph.get_state_history(config) if h.next == ("b",))
    forked = graph.update_state(before_b.config, {"topic": "dogs"})
    fork_state = graph.get_state(forked)
    continued = graph.invoke(None, forked)
    before_c = next(h for h in graph.get_state_history(config) if h.next == ("c",))
    as_b = graph.update_state(before_c.config, {"log": ["human"]}, as_node="b")
    as_b_state = graph.get_state(as_b)
    as_b_result = graph.invoke(None, as_b)
    as_a = graph.update_state(before_b.config, {"topic": "owls"}, as_node="a")
    as_a_state = graph.get_state(as_a)
    return {
        "forked_keys": sorted(forked["configurable"]),
        "fork_state": (
            fork_state.values,
            fork_state.next,
            fork_state.metadata,
            ids(fork_state.parent_config) == ids(before_b.config),
        ),
        "continued": continued,
        "as_b": (as_b_state.values, as_b_state.next, as_b_state.metadata),
        "as_b_result": as_b_result,
        "as_a": (as_a_state.values, as_a_state.next, as_a_state.metadata),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next, ids(h.config), ids(h.parent_config))
            for h in graph.get_state_history(config)
        ],
    }
