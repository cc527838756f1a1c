"""A conditional edge from START returns Sends computed from the graph input."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Send


class State(TypedDict, total=False):
    words: list[str]
    lengths: Annotated[list[int], operator.add]


def fan_out(state: State) -> list[Send]:
    return [Send("measure", word) for word in state["words"]]


def measure(word: str) -> dict[str, Any]:
    return {"lengths": [len(word)]}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("measure", measure)
    builder.add_conditional_edges(START, fan_out, ["measure"])
    builder.add_edge("measure", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "start-send"}}
    result = graph.invoke({"words": ["a", "bb", "ccc"]}, config)
    history = [
        (h.metadata["step"], h.metadata["source"], h.next, [t.name for t in h.tasks])
        for h in graph.get_state_history(config)
    ]
    return {"result": result, "history": history}
