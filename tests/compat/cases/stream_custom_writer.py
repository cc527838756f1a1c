"""get_stream_writer() chunks in "custom" mode, alone and mixed with updates and values."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.config import get_stream_writer
from signoff.graph import END, START, StateGraph


class State(TypedDict, total=False):
    query: str
    answer: str


def search(state: State) -> dict[str, Any]:
    writer = get_stream_writer()
    writer({"progress": "searching", "query": state["query"]})
    writer("half way")
    writer({"progress": "done"})
    return {"answer": f"found {state['query']}"}


def polish(state: State) -> dict[str, Any]:
    get_stream_writer()(("polishing", 1))
    return {"answer": state["answer"].upper()}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("search", search)
    builder.add_node("polish", polish)
    builder.add_edge(START, "search")
    builder.add_edge("search", "polish")
    builder.add_edge("polish", END)
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    modes: dict[str, Any] = {
        "custom": "custom",
        "updates": "updates",
        "values": "values",
        "custom+updates": ["custom", "updates"],
        "all3": ["values", "custom", "updates"],
    }
    for name, mode in modes.items():
        config = {"configurable": {"thread_id": name}}
        observed[name] = list(graph.stream({"query": "tea"}, config, stream_mode=mode))
    observed["no_checkpointer"] = list(
        builder.compile().stream({"query": "milk"}, stream_mode="custom")
    )
    return observed
