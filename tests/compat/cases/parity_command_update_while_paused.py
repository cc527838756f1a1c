"""invoke(Command(update=...)) on a thread paused at interrupt() or a breakpoint, no resume: is it kept?"""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    draft: str


def draft(state: State) -> dict[str, Any]:
    return {"draft": "D1", "log": ["draft"]}


def approve(state: State) -> dict[str, Any]:
    answer = interrupt({"draft": state["draft"]})
    return {"log": [f"approved:{answer}:{state['draft']}"]}


def build(**kwargs: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("draft", draft)
    builder.add_node("approve", approve)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "approve")
    builder.add_edge("approve", END)
    return builder.compile(checkpointer=MemorySaver(), **kwargs)


def run() -> object:
    observed: dict[str, object] = {}
    graph = build()
    config = {"configurable": {"thread_id": "paused"}}
    graph.invoke({"log": []}, config)
    observed["update"] = graph.invoke(Command(update={"draft": "U", "log": ["human"]}), config)
    observed["state_after_update"] = graph.get_state(config).values
    observed["history_length"] = len(list(graph.get_state_history(config)))
    observed["resume"] = graph.invoke(Command(resume="ok"), config)

    twice = {"configurable": {"thread_id": "twice"}}
    graph.invoke({"log": []}, twice)
    graph.invoke(Command(update={"log": ["x"]}), twice)
    observed["second_update"] = graph.invoke(Command(update={"log": ["y"]}), twice)

    breakpoint_graph = build(interrupt_before=["approve"])
    at_breakpoint = {"configurable": {"thread_id": "breakpoint"}}
    breakpoint_graph.invoke({"log": []}, at_breakpoint)
    breakpoint_graph.invoke(Command(update={"draft": "B"}), at_breakpoint)
    observed["breakpoint_state"] = breakpoint_graph.get_state(at_breakpoint).values
    observed["breakpoint_continue"] = breakpoint_graph.invoke(None, at_breakpoint)
    return observed
