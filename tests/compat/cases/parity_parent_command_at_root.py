"""Command(graph=Command.PARENT) from a node of the root graph: the ParentCommand error's text."""

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph
from signoff.types import Command


class State(TypedDict, total=False):
    value: int


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("step", lambda state: Command(graph=Command.PARENT, goto="step"))
    builder.add_edge(START, "step")
    graph = builder.compile()
    try:
        return graph.invoke({})
    except BaseException as error:  # signoff: ParentCommand is a BaseException
        return {"raises": type(error).__name__, "message": str(error)}
