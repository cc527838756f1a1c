"""get_state_history across pause and resume: order, steps, sources, next, task counts."""

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
    config = {"configurable": {"thread_id": "hist"}}
    graph.invoke({"topic": "tea"}, config)
    paused = [
        (h.metadata["step"], h.metadata["source"], h.next, h.values)
        for h in graph.get_state_history(config)
    ]
    graph.invoke(Command(resume="ok"), config)
    history = list(graph.get_state_history(config))
    return {
        "paused": paused,
        "done": [
            {
                "metadata": h.metadata,
                "next": h.next,
                "values": h.values,
                "tasks": [(t.name, t.interrupts, t.result) for t in h.tasks],
                "checkpoint_id": h.config["configurable"]["checkpoint_id"],
                "parent": (h.parent_config or {}).get("configurable", {}).get("checkpoint_id"),
            }
            for h in history
        ],
    }
