"""The seed's rules for safe interrupts, as a user of signoff sees them.

signoff departs from LangGraph on purpose in one place here: the pause signal derives from
`BaseException`, so the seed's "bad" `try/except Exception` around `interrupt()` no longer
swallows it (see DESIGN.md section 3).
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.errors import GraphInterrupt
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    user_id: str
    approved: Any
    fetched: str


def single_node_graph(node: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile(checkpointer=InMemorySaver())


def test_the_pause_signal_is_not_an_exception() -> None:
    assert issubclass(GraphInterrupt, BaseException)
    assert not issubclass(GraphInterrupt, Exception)


def test_the_seeds_bad_try_except_still_pauses() -> None:
    caught: list[BaseException] = []

    def node(state: State) -> dict[str, Any]:
        try:
            approved = interrupt("Approve?")
        except Exception as error:
            caught.append(error)
            approved = "swallowed"
        return {"approved": approved}

    graph = single_node_graph(node)
    config = {"configurable": {"thread_id": "bad"}}

    paused = graph.invoke({}, config)
    assert [i.value for i in paused["__interrupt__"]] == ["Approve?"]
    assert graph.invoke(Command(resume=True), config) == {"approved": True}
    assert caught == []


def test_the_seeds_good_pattern_catches_only_the_fallible_call() -> None:
    def fetch_data() -> str:
        raise ConnectionError("upstream down")

    def node(state: State) -> dict[str, Any]:
        answer = interrupt("Approve?")
        try:
            fetched = fetch_data()
        except ConnectionError as error:
            fetched = f"failed: {error}"
        return {"approved": answer, "fetched": fetched}

    graph = single_node_graph(node)
    config = {"configurable": {"thread_id": "good"}}

    assert "__interrupt__" in graph.invoke({}, config)
    assert graph.invoke(Command(resume="ok"), config) == {
        "approved": "ok",
        "fetched": "failed: upstream down",
    }


def test_side_effects_before_the_interrupt_run_again_on_resume() -> None:
    """Why the seed asks for idempotent pre-interrupt code: upsert stays one row, create doubles."""
    users: dict[str, str] = {}
    audit_log: list[str] = []

    def upserting(state: State) -> dict[str, Any]:
        users[state["user_id"]] = "pending"
        return {"approved": interrupt("Approve?")}

    def creating(state: State) -> dict[str, Any]:
        audit_log.append("pending")
        return {"approved": interrupt("Approve?")}

    for node in (upserting, creating):
        graph = single_node_graph(node)
        config = {"configurable": {"thread_id": node.__name__}}
        graph.invoke({"user_id": "u1"}, config)
        assert graph.invoke(Command(resume=True), config) == {"user_id": "u1", "approved": True}

    assert users == {"u1": "pending"}
    assert audit_log == ["pending", "pending"]
