"""Key order of debug/checkpoints stream payloads, as a user printing whole chunks sees it."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    answer: str


def ask(state: State) -> dict[str, Any]:
    return {"answer": interrupt("name?")}


def shape(obj: Any) -> Any:
    """Only the keys, in order, nested; values are dropped."""
    if isinstance(obj, dict):
        return [[key, shape(value)] for key, value in obj.items()]
    if isinstance(obj, (list, tuple)) and obj and isinstance(obj[0], dict):
        return [shape(obj[0])]
    return None


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for mode in ("debug", "checkpoints", "tasks"):
        config = {"configurable": {"thread_id": mode}}
        chunks = list(graph.stream({}, config, stream_mode=mode))
        chunks += list(graph.stream(Command(resume="Ada"), config, stream_mode=mode))
        observed[mode] = [shape(chunk) for chunk in chunks]
    return observed
