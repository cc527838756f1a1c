"""A config that names the thread at its top level (`{"thread_id": "1"}`, as langchain_core
moves unknown top-level keys into `configurable`): invoke, stream, resume, history and
`with_config` find the thread; get_state and update_state still want `configurable`."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    x: int


def ask(state: State) -> dict[str, Any]:
    return {"x": interrupt("x?")}


def outcome(call: Any) -> object:
    try:
        return {"result": call()}
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error)}


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    graph = builder.compile(checkpointer=InMemorySaver())
    top = {"thread_id": "1"}
    return {
        "invoke": outcome(lambda: graph.invoke({}, top)),
        "get_state": outcome(lambda: graph.get_state(top)),
        "get_state configurable": outcome(lambda: graph.get_state({"configurable": top}).next),
        "history": outcome(lambda: [h.next for h in graph.get_state_history(top)]),
        "update_state": outcome(lambda: graph.update_state(top, {"x": 5})),
        "resume": outcome(lambda: graph.invoke(Command(resume=3), top)),
        "stream": outcome(lambda: list(graph.stream({}, {"thread_id": "2", "user": "u"}))),
        "mixed": outcome(
            lambda: list(graph.stream({}, {"thread_id": "3", "configurable": {"user": "u"}}))
        ),
        "with_config": outcome(lambda: graph.with_config(thread_id="4").invoke({})),
        "with_config state": outcome(
            lambda: graph.get_state({"configurable": {"thread_id": "4"}}).next
        ),
    }
