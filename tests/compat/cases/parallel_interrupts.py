"""Two parallel branches interrupt in the same step; answers by id, one at a time then both."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    legal: str
    finance: str
    summary: str


def legal(state: State) -> dict[str, Any]:
    return {"legal": interrupt("legal ok?")}


def finance(state: State) -> dict[str, Any]:
    return {"finance": interrupt("finance ok?")}


def join(state: State) -> dict[str, Any]:
    return {"summary": f"{state['legal']}/{state['finance']}"}


def build() -> Any:
    builder = StateGraph(State)
    builder.add_node("legal", legal)
    builder.add_node("finance", finance)
    builder.add_node("join", join)
    builder.add_edge(START, "legal")
    builder.add_edge(START, "finance")
    builder.add_edge(["legal", "finance"], "join")
    builder.add_edge("join", END)
    return builder.compile(checkpointer=MemorySaver())


def sorted_interrupts(output: Any) -> Any:
    """Parallel tasks finish in any order; sort `__interrupt__` by question to compare."""
    if isinstance(output, dict) and "__interrupt__" in output:
        ordered = sorted(output["__interrupt__"], key=lambda i: repr(i.value))
        return {**output, "__interrupt__": ordered}
    return output


def run() -> object:
    graph = build()
    observed: dict[str, object] = {}
    config = {"configurable": {"thread_id": "one-by-one"}}
    observed["paused"] = sorted_interrupts(graph.invoke({}, config))
    paused = graph.get_state(config)
    observed["paused_state"] = paused
    ids = {i.value: i.id for i in paused.interrupts}
    observed["after_legal"] = graph.invoke(Command(resume={ids["legal ok?"]: "L"}), config)
    middle = graph.get_state(config)
    observed["middle"] = (
        middle.values,
        middle.next,
        [(t.name, t.interrupts) for t in middle.tasks],
    )
    observed["after_finance"] = graph.invoke(Command(resume={ids["finance ok?"]: "F"}), config)
    observed["history"] = [
        (h.metadata["step"], h.metadata["source"], h.next) for h in graph.get_state_history(config)
    ]
    config = {"configurable": {"thread_id": "together"}}
    graph.invoke({}, config)
    ids = {i.value: i.id for i in graph.get_state(config).interrupts}
    observed["together"] = graph.invoke(
        Command(resume={ids["legal ok?"]: "L2", ids["finance ok?"]: "F2"}), config
    )
    return observed
