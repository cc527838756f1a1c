"""A graph run inside a task (a subgraph node, or a graph invoked in a node's function) starts
from the task's config: its nodes see the caller's configurable keys, tags, metadata and
recursion limit, and its checkpoints carry the same metadata as the parent's."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.config import get_config
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt

SEEN: list[object] = []


class State(TypedDict, total=False):
    x: int


def node(state: State) -> dict[str, Any]:
    config = get_config()
    configurable = config["configurable"]
    SEEN.append(
        {
            "configurable": {k: configurable[k] for k in ("thread_id", "user", "n")},
            "tags": config.get("tags"),
            "recursion_limit": config.get("recursion_limit"),
            "metadata": {
                k: v for k, v in config["metadata"].items() if not k.startswith("langgraph_")
            },
        }
    )
    return {}


def ask(state: State) -> dict[str, Any]:
    interrupt("q")
    return {}


def run() -> object:
    SEEN.clear()
    sub = StateGraph(State)
    sub.add_node("inner", node)
    sub.add_node("ask", ask)
    sub.add_edge(START, "inner")
    sub.add_edge("inner", "ask")
    compiled_sub = sub.compile()

    def calls_sub(state: State) -> Any:
        return compiled_sub.invoke(state)

    builder = StateGraph(State)
    builder.add_node("a", node)
    builder.add_node("sub", compiled_sub)
    builder.add_node("fn", calls_sub)
    builder.add_edge(START, "a")
    builder.add_edge("a", "sub")
    builder.add_edge("sub", "fn")
    saver = InMemorySaver()
    graph = builder.compile(checkpointer=saver)
    config = {
        "configurable": {"thread_id": "1", "user": "u", "n": 3},
        "tags": ["t"],
        "metadata": {"m": 1},
        "recursion_limit": 50,
    }
    graph.invoke({"x": 0}, config)
    graph.invoke(Command(resume=1), config)
    graph.invoke(Command(resume=2), config)
    saved = sorted(
        saver.list(None),
        key=lambda t: (t.config["configurable"]["checkpoint_ns"], t.metadata["step"]),
    )
    return {
        "seen": list(SEEN),
        "metadata": [
            (t.config["configurable"]["checkpoint_ns"].split(":")[0], t.metadata) for t in saved
        ],
    }
