"""stream_mode="debug": checkpoint, task and task_result events through a pause and resume."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    topic: str
    draft: str
    verdict: str


def draft(state: State) -> dict[str, Any]:
    return {"draft": f"about {state['topic']}"}


def review(state: State) -> dict[str, Any]:
    return {"verdict": interrupt({"draft": state["draft"]})}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("draft", draft)
    builder.add_node("review", review)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "review")
    builder.add_edge("review", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "debug"}}
    first = list(graph.stream({"topic": "tea"}, config, stream_mode="debug"))
    second = list(graph.stream(Command(resume="ok"), config, stream_mode="debug"))
    return {"first": first, "second": second}
