"""Seed rules: code before interrupt() re-runs on resume; stable conditional order keeps working."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    user_id: str
    approved: bool
    needs_age: bool
    name: str
    age: int
    city: str


def run() -> object:
    upserts: dict[str, str] = {}
    audit_log: list[str] = []
    calls: list[str] = []

    def idempotent(state: State) -> dict[str, Any]:
        calls.append("idempotent")
        upserts[state["user_id"]] = "pending"
        return {"approved": interrupt("Approve?")}

    def duplicating(state: State) -> dict[str, Any]:
        calls.append("duplicating")
        audit_log.append("pending")
        return {"approved": interrupt("Approve?")}

    def conditional(state: State) -> dict[str, Any]:
        name = interrupt("What's your name?")
        update: dict[str, Any] = {"name": name}
        if state.get("needs_age"):
            update["age"] = interrupt("What's your age?")
        update["city"] = interrupt("What's your city?")
        return update

    observed: dict[str, object] = {}
    for node in (idempotent, duplicating):
        builder = StateGraph(State)
        builder.add_node("node", node)
        builder.add_edge(START, "node")
        builder.add_edge("node", END)
        graph = builder.compile(checkpointer=MemorySaver())
        config = {"configurable": {"thread_id": node.__name__}}
        graph.invoke({"user_id": "u1"}, config)
        observed[node.__name__] = graph.invoke(Command(resume=True), config)
    observed["upserts"] = upserts
    observed["audit_log"] = audit_log
    observed["calls"] = calls

    builder = StateGraph(State)
    builder.add_node("ask", conditional)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    for needs_age, answers in ((True, ["Ada", 36, "London"]), (False, ["Bob", "Paris"])):
        config = {"configurable": {"thread_id": f"needs_age={needs_age}"}}
        steps = [graph.invoke({"needs_age": needs_age}, config)]
        steps += [graph.invoke(Command(resume=answer), config) for answer in answers]
        observed[f"needs_age={needs_age}"] = steps
    return observed
