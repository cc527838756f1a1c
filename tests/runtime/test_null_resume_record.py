"""A plain `Command(resume=...)` after `update_state` on a paused thread: the update's checkpoint
has no pending interrupt, so the node's first `interrupt()` takes the answer (a null resume).

As in LangGraph, the history shows no interrupt at that checkpoint. signoff still indexes the
answered question there (without the task's `__interrupt__` write), so the answer is claimed
exactly once and audited, with the question it answered and its fingerprint. Each test stores on
every saver and reopens it between calls, as another process would.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from saver_openers import Opener, opener, pg_url
from typing_extensions import TypedDict

from signoff.checkpoint.base import AnswerRecord, BaseCheckpointSaver, InterruptRecord
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

__all__ = ["opener", "pg_url"]  # fixtures


class State(TypedDict, total=False):
    draft: str
    log: Annotated[list[str], operator.add]


def review(state: State) -> dict[str, Any]:
    return {"log": [f"review:{interrupt({'draft': state['draft']})}"]}


def review_twice(state: State) -> dict[str, Any]:
    first = interrupt({"draft": state["draft"]})
    return {"log": [f"review:{first}", f"sure:{interrupt('sure?')}"]}


def build(saver: BaseCheckpointSaver, node: Callable[..., Any] = review) -> Any:
    builder = StateGraph(State)
    builder.add_node("review", node)
    builder.add_edge(START, "review")
    builder.add_edge("review", END)
    return builder.compile(checkpointer=saver)


def pause_and_update(opener: Opener, thread: str, node: Callable[..., Any] = review) -> None:
    config = {"configurable": {"thread_id": thread}}
    with opener() as saver:
        graph = build(saver, node)
        assert "__interrupt__" in graph.invoke({"draft": "v1", "log": []}, config)
        graph.update_state(config, {"draft": "v2"})


def test_the_history_shows_no_interrupt_where_the_plain_answer_was_taken(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "history"}}
    pause_and_update(opener, "history")
    with opener() as saver:
        graph = build(saver)
        done = graph.invoke(Command(resume="ok"), config)
        history = list(graph.get_state_history(config))
    assert done["log"] == ["review:ok"]
    shown = [
        (h.metadata["source"], [i.value for i in h.interrupts], [t.interrupts for t in h.tasks])
        for h in history
    ]
    assert shown == [
        ("loop", [], []),
        ("update", [], [()]),  # LangGraph shows no interrupt here either
        ("loop", [{"draft": "v1"}], [(history[2].interrupts[0],)]),
        ("input", [], [()]),
    ]


def test_the_answer_is_claimed_once_and_audited_with_its_question(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "audit"}}
    pause_and_update(opener, "audit")
    with opener() as saver:
        graph = build(saver)
        graph.invoke(Command(resume="ok"), config)
        (answer,) = graph.answers(config)
        assert (answer.value, answer.node, answer.fingerprint) == ("ok", "review", "dict:draft")
        # the answered question is indexed: a cursor names it, and it cannot be claimed again
        assert saver.pending_interrupts(thread_id="audit", cursor=answer.interrupt_id) == []
        at = {"configurable": {"thread_id": "audit", "checkpoint_ns": ""}}
        at["configurable"]["checkpoint_id"] = answer.checkpoint_id
        with pytest.raises(InterruptAlreadyAnsweredError):
            saver.put_answers(at, [_again(answer)])


def test_the_indexed_record_carries_the_question(opener: Opener) -> None:
    config = {"configurable": {"thread_id": "question"}}
    pause_and_update(opener, "question")
    with opener() as saver:
        indexed = _record_indexing(saver)
        graph = build(saver)
        graph.invoke(Command(resume="ok"), config, durability="sync")
    assert [(r.value, r.fingerprint, r.node, r.graph) for r in indexed] == [
        ({"draft": "v2"}, "dict:draft", "review", "LangGraph")
    ]


def test_a_node_that_takes_the_plain_answer_and_asks_again(opener: Opener) -> None:
    """The node takes the plain answer and asks a second question, the only one shown; on its
    re-run the first is answered from the stored answer; the audit keeps both, with questions."""
    config = {"configurable": {"thread_id": "twice"}}
    pause_and_update(opener, "twice", review_twice)
    with opener() as saver:
        graph = build(saver, review_twice)
        paused = graph.invoke(Command(resume="ok"), config)
        assert [i.value for i in paused["__interrupt__"]] == ["sure?"]
        assert [i.value for i in graph.get_state(config).interrupts] == ["sure?"]
    with opener() as saver:
        graph = build(saver, review_twice)
        done = graph.invoke(Command(resume="yes"), config)
        answers = graph.answers(config)
    assert done["log"] == ["review:ok", "sure:yes"]
    assert [(a.value, a.fingerprint) for a in answers] == [
        ("ok", "dict:draft"),
        ("yes", "str:sure?"),
    ]


def test_a_plain_answer_taken_inside_a_subgraph_is_audited_with_its_question(
    opener: Opener,
) -> None:
    """At a breakpoint before a subgraph, the subgraph's first question takes the plain answer;
    the enclosing task reports it to the root, question included."""
    config = {"configurable": {"thread_id": "subgraph"}}
    inner = StateGraph(State)
    inner.add_node("review", review)
    inner.add_edge(START, "review")
    outer = StateGraph(State)
    with opener() as saver:
        outer.add_node("child", inner.compile())
        outer.add_edge(START, "child")
        graph = outer.compile(checkpointer=saver, interrupt_before=["child"])
        assert "__interrupt__" not in graph.invoke({"draft": "v1", "log": []}, config)
        done = graph.invoke(Command(resume="ok"), config)
        answers = graph.answers(config)
    assert done["log"] == ["review:ok"]
    assert [(a.value, a.node, a.fingerprint) for a in answers] == [("ok", "child", "dict:draft")]


def _again(answer: AnswerRecord) -> AnswerRecord:
    return AnswerRecord(
        thread_id=answer.thread_id,
        checkpoint_ns=answer.checkpoint_ns,
        checkpoint_id=answer.checkpoint_id,
        task_id=answer.task_id,
        interrupt_id=answer.interrupt_id,
        value="again",
        answered_by=None,
    )


def _record_indexing(saver: BaseCheckpointSaver) -> list[InterruptRecord]:
    """The records the run hands to `saver.index_interrupts` (called directly under
    `durability="sync"`), recorded on their way to the saver."""
    indexed: list[InterruptRecord] = []
    index = saver.index_interrupts

    def recording(config: Any, interrupts: Any) -> None:
        indexed.extend(interrupts)
        index(config, interrupts)

    saver.index_interrupts = recording  # type: ignore[method-assign]  # a recording wrapper
    return indexed
