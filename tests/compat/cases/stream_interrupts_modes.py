"""Where `__interrupt__` shows up in values/updates streams, single and listed modes, and invoke."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    name: str
    greeting: str


def ask(state: State) -> dict[str, Any]:
    return {"name": interrupt({"question": "name?"})}


def greet(state: State) -> dict[str, Any]:
    return {"greeting": f"hello {state['name']}"}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_node("greet", greet)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", "greet")
    builder.add_edge("greet", END)
    graph = builder.compile(checkpointer=MemorySaver(), interrupt_before=["greet"])
    observed: dict[str, object] = {}
    modes: dict[str, Any] = {
        "values": "values",
        "updates": "updates",
        "list": ["updates", "values"],
        "single_list": ["values"],
    }
    for name, mode in modes.items():
        config = {"configurable": {"thread_id": name}}
        observed[name] = [
            list(graph.stream({}, config, stream_mode=mode)),
            list(graph.stream(Command(resume="Ada"), config, stream_mode=mode)),
            list(graph.stream(None, config, stream_mode=mode)),
        ]
    config = {"configurable": {"thread_id": "invoke-modes"}}
    observed["invoke_updates"] = graph.invoke({}, config, stream_mode="updates")
    observed["invoke_list"] = graph.invoke(
        Command(resume="Bo"), config, stream_mode=["values", "updates"]
    )
    return observed
