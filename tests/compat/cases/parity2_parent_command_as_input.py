"""invoke(Command(graph=Command.PARENT, ...)) as the input of a root graph."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command


class State(TypedDict, total=False):
    value: str


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("node", lambda state: {"value": "v"})
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    graph = builder.compile(checkpointer=InMemorySaver())
    observed: dict[str, Any] = {}
    for label, command in {
        "goto": Command(graph=Command.PARENT, goto="node"),
        "update": Command(graph=Command.PARENT, update={"value": "u"}),
    }.items():
        config = {"configurable": {"thread_id": label}}
        try:
            observed[label] = graph.invoke(command, config)
        except BaseException as error:  # signoff: ParentCommand is a BaseException
            observed[label] = {"raises": type(error).__name__, "message": str(error)}
    return observed
