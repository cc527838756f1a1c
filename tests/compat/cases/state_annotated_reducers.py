"""Custom reducers on Annotated keys: merge dicts, keep max, dedupe; parallel writes fold in order."""

from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


def merge(left: dict[str, int], right: dict[str, int]) -> dict[str, int]:
    return {**left, **right}


def keep_max(left: int, right: int) -> int:
    return max(left, right)


def union(left: list[str], right: list[str]) -> list[str]:
    return left + [item for item in right if item not in left]


class State(TypedDict, total=False):
    scores: Annotated[dict[str, int], merge]
    best: Annotated[int, keep_max]
    seen: Annotated[list[str], union]
    last: str


def worker(name: str, score: int) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"scores": {name: score}, "best": score, "seen": [name, "shared"], "last": name}

    return node


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("a", worker("a", 3))
    builder.add_node("b", worker("b", 9))
    builder.add_node("c", lambda state: {"best": 1, "seen": ["c"], "scores": {"a": 0}})
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("b", "c")
    builder.add_edge("c", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "reducers"}}
    result = graph.invoke({"scores": {"z": 1}, "best": 5, "seen": ["start"]}, config)
    updates = list(
        graph.stream({"best": 0}, {"configurable": {"thread_id": "u"}}, stream_mode="updates")
    )
    graph.update_state(config, {"best": 2, "seen": ["human", "a"], "scores": {"h": 7}})
    return {
        "result": result,
        "updates": updates,
        "after_update": graph.get_state(config).values,
        "second_run": graph.invoke({"best": 4, "seen": ["again"]}, config),
    }
