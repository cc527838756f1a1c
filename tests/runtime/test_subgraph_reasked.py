"""Plain answers for questions asked inside subgraphs, when the subgraph asks again under a new id.

`update_state` on a paused subgraph's own config gives it a new checkpoint, so on resume its paused
node runs as a new task and asks its question under a new interrupt id. As in LangGraph, a plain
`Command(resume=v)` still answers it; signoff gives the answer only to that same question, once,
and keeps the claimed answer in the thread's audit trail. A plain answer given at a breakpoint
reaches a question asked inside a subgraph too (recorded as an answer of the subgraph's task).
Each test stores on every saver and reopens it between calls, as another process would.
"""

from __future__ import annotations

import asyncio
import operator
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from saver_openers import Opener, opener, pg_url
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.errors import InterruptMismatchError
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt

__all__ = ["opener", "pg_url"]  # fixtures


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    note: str


def ask(state: State) -> dict[str, Any]:
    return {"log": [f"ask:{interrupt('q')}"]}


def ask_about_note(state: State) -> dict[str, Any]:
    question = f"q about {state['note']}" if "note" in state else "q"
    return {"log": [f"ask:{interrupt(question)}"]}


def ask_again(state: State) -> dict[str, Any]:
    return {"log": [f"again:{interrupt('q')}"]}


def ask_twice(state: State) -> dict[str, Any]:
    return {"log": [f"first:{interrupt('first')}", f"second:{interrupt('second')}"]}


def build(saver: BaseCheckpointSaver, *asking: Callable[..., Any], **options: Any) -> Any:
    """Parent `child` -> subgraph START -> a -> the asking nodes, one after the other."""
    inner = StateGraph(State)
    inner.add_node("a", lambda state: {"log": ["a"]})
    inner.add_edge(START, "a")
    last = "a"
    for fn in asking:
        inner.add_node(fn.__name__, fn)
        inner.add_edge(last, fn.__name__)
        last = fn.__name__
    outer = StateGraph(State)
    outer.add_node("child", inner.compile())
    outer.add_edge(START, "child")
    return outer.compile(checkpointer=saver, **options)


def pause_and_update(opener: Opener, thread: str, *asking: Callable[..., Any]) -> str:
    """Run to the subgraph's question, edit the subgraph's state; the id first asked."""
    config = {"configurable": {"thread_id": thread}}
    with opener() as saver:
        graph = build(saver, *asking)
        (asked,) = graph.invoke({"log": []}, config)["__interrupt__"]
        graph.update_state(graph.get_state(config).tasks[0].state, {"note": "edited"})
    return str(asked.id)


def test_a_plain_answer_reaches_the_question_asked_again_after_update(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "reasked"}}
    first_id = pause_and_update(opener, "reasked", ask)
    with opener() as saver:
        graph = build(saver, ask)
        done = graph.invoke(Command(resume="R"), config)
        answers = graph.answers(config)
    assert done == {"log": ["a", "ask:R"], "note": "edited"}
    # one person, one answer: the audit holds the claimed interrupt only
    assert [(a.interrupt_id, a.value, a.node) for a in answers] == [(first_id, "R", "child")]


def test_the_carried_answer_is_given_once(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "once"}}
    pause_and_update(opener, "once", ask, ask_again)
    with opener() as saver:
        graph = build(saver, ask, ask_again)
        paused = graph.invoke(Command(resume="R"), config)
    assert [i.value for i in paused["__interrupt__"]] == [
        "q"
    ]  # the same text, asked by the next node
    with opener() as saver:
        graph = build(saver, ask, ask_again)
        done = graph.invoke(Command(resume="S"), config)
    assert done["log"] == ["a", "ask:R", "again:S"]


def test_a_changed_question_does_not_get_the_answer(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "changed"}}
    pause_and_update(opener, "changed", ask_about_note)
    with opener() as saver:
        graph = build(saver, ask_about_note)
        with pytest.raises(InterruptMismatchError, match="'q' but now asks 'q about edited'"):
            graph.invoke(Command(resume="R"), config)
    with opener() as saver:
        graph = build(saver, ask_about_note)
        asked = graph.invoke(None, config)["__interrupt__"]
        assert [i.value for i in asked] == ["q about edited"]
        done = graph.invoke(Command(resume="S"), config)
    assert done["log"] == ["a", "ask:S"]


def test_an_answer_for_the_old_id_does_not_reach_the_new_question(opener: Opener) -> None:
    """As in LangGraph: only a plain answer is carried; one naming the old id answers nothing."""
    config = {"configurable": {"thread_id": "by-id"}}
    first_id = pause_and_update(opener, "by-id", ask)
    with opener() as saver:
        graph = build(saver, ask)
        again = graph.invoke(Command(resume={first_id: "R"}), config)["__interrupt__"]
    assert [i.value for i in again] == ["q"]
    assert again[0].id != first_id


def test_a_plain_answer_at_a_breakpoint_reaches_the_subgraphs_questions(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "breakpoint"}}
    with opener() as saver:
        graph = build(saver, ask_twice, interrupt_before=["child"])
        assert "__interrupt__" not in graph.invoke({"log": []}, config)
        paused = graph.invoke(Command(resume="A"), config)
        assert [i.value for i in paused["__interrupt__"]] == ["second"]
    with opener() as saver:  # the first answer is kept for the node's re-run
        graph = build(saver, ask_twice, interrupt_before=["child"])
        done = graph.invoke(Command(resume="B"), config)
        answers = graph.answers(config)
    assert done["log"] == ["a", "first:A", "second:B"]
    assert [(a.value, a.node) for a in answers] == [("A", "child"), ("B", "child")]


def test_a_plain_answer_reaches_a_question_asked_again_async(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "async"}}
    pause_and_update(opener, "async", ask)

    async def resume(graph: Any) -> Any:
        return await graph.ainvoke(Command(resume="R"), config)

    with opener() as saver:
        done = asyncio.run(resume(build(saver, ask)))
    assert done["log"] == ["a", "ask:R"]


def test_a_plain_answer_reaches_a_grandchild_after_the_middle_graph_is_updated(
    opener: Opener,
) -> None:
    """Updating the middle graph gives its grandchild a new namespace: it starts over there."""
    config = {"configurable": {"thread_id": "grandchild"}}
    grand = StateGraph(State)
    grand.add_node("ask", ask)
    grand.add_edge(START, "ask")
    middle = StateGraph(State)
    middle.add_node("grand", grand.compile())
    middle.add_edge(START, "grand")
    outer = StateGraph(State)
    outer.add_node("middle", middle.compile())
    outer.add_edge(START, "middle")
    with opener() as saver:
        graph = outer.compile(checkpointer=saver)
        graph.invoke({"log": []}, config)
        graph.update_state(graph.get_state(config).tasks[0].state, {"note": "edited"})
    with opener() as saver:
        graph = outer.compile(checkpointer=saver)
        done = graph.invoke(Command(resume="R"), config)
    assert done == {"log": ["ask:R"], "note": "edited"}
