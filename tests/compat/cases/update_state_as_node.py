"""update_state while paused at a breakpoint, with and without as_node, then continue."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict):
    draft: str
    log: Annotated[list[str], operator.add]


def write(state: State) -> dict[str, Any]:
    return {"draft": "v1", "log": ["write"]}


def polish(state: State) -> dict[str, Any]:
    return {"draft": state["draft"] + "+polished", "log": ["polish"]}


def publish(state: State) -> dict[str, Any]:
    return {"log": ["publish:" + state["draft"]]}


def build() -> Any:
    builder = StateGraph(State)
    builder.add_node("write", write)
    builder.add_node("polish", polish)
    builder.add_node("publish", publish)
    builder.add_edge(START, "write")
    builder.add_edge("write", "polish")
    builder.add_edge("polish", "publish")
    builder.add_edge("publish", END)
    return builder.compile(checkpointer=MemorySaver(), interrupt_before=["polish"])


def run() -> object:
    observed: dict[str, object] = {}
    graph = build()
    plain = {"configurable": {"thread_id": "plain"}}
    graph.invoke({"draft": "", "log": []}, plain)
    returned = graph.update_state(plain, {"draft": "human", "log": ["human"]})
    after = graph.get_state(plain)
    observed["plain"] = {
        "returned_keys": sorted(returned["configurable"]),
        "metadata": after.metadata,
        "next": after.next,
        "values": after.values,
        "final": graph.invoke(None, plain),
    }
    as_polish = {"configurable": {"thread_id": "as-node"}}
    graph.invoke({"draft": "", "log": []}, as_polish)
    graph.update_state(as_polish, {"draft": "human", "log": ["human"]}, as_node="polish")
    after = graph.get_state(as_polish)
    observed["as_polish"] = {
        "metadata": after.metadata,
        "next": after.next,
        "values": after.values,
        "final": graph.invoke(None, as_polish),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next)
            for h in graph.get_state_history(as_polish)
        ],
    }
    return observed
