"""`invoke(Command(update=...))` on a thread paused at an interrupt or a breakpoint, with no
answer: the step pauses again, and the update is kept with it — shown by `get_state`, applied
when the thread is resumed, also from another process (a fresh saver on the same store)."""

from __future__ import annotations

import operator
from typing import Annotated, Any

from saver_openers import Opener, opener, pg_url
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt

__all__ = ["opener", "pg_url"]  # fixtures


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    draft: str


def draft(state: State) -> dict[str, Any]:
    return {"draft": "D1", "log": ["draft"]}


def approve(state: State) -> dict[str, Any]:
    answer = interrupt({"draft": state["draft"]})
    return {"log": [f"approved:{answer}:{state['draft']}"]}


def build(saver: BaseCheckpointSaver, **options: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("draft", draft)
    builder.add_node("approve", approve)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "approve")
    return builder.compile(checkpointer=saver, **options)


def test_an_update_while_paused_is_kept_and_applied_on_resume(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "paused"}}
    with opener() as saver:
        graph = build(saver)
        graph.invoke({"log": []}, config)
        again = graph.invoke(Command(update={"draft": "U", "log": ["human"]}), config)
        assert [i.value for i in again["__interrupt__"]] == [{"draft": "U"}]
        assert len(list(graph.get_state_history(config))) == 3  # no new checkpoint
    with opener() as saver:
        graph = build(saver)
        assert graph.get_state(config).values == {"draft": "U", "log": ["draft", "human"]}
        assert graph.get_state(config).next == ("approve",)
        done = graph.invoke(Command(resume="ok"), config)
    assert done == {"draft": "U", "log": ["draft", "human", "approved:ok:U"]}


def test_two_updates_while_paused_are_both_kept(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "twice"}}
    with opener() as saver:
        graph = build(saver)
        graph.invoke({"log": []}, config)
        graph.invoke(Command(update={"log": ["x"]}), config)
        graph.invoke(Command(update={"log": ["y"]}), config)
    with opener() as saver:
        graph = build(saver)
        assert graph.get_state(config).values["log"] == ["draft", "x", "y"]
        done = graph.invoke(Command(resume="ok"), config)
    assert done["log"] == ["draft", "x", "y", "approved:ok:D1"]


def test_an_update_at_a_breakpoint_is_used_when_the_run_goes_on(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "breakpoint"}}
    with opener() as saver:
        graph = build(saver, interrupt_before=["approve"])
        graph.invoke({"log": []}, config)
        graph.invoke(Command(update={"draft": "B"}), config)
    with opener() as saver:
        graph = build(saver, interrupt_before=["approve"])
        assert graph.get_state(config).values["draft"] == "B"
        paused = graph.invoke(None, config)
    assert [i.value for i in paused["__interrupt__"]] == [{"draft": "B"}]
