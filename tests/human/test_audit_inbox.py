"""The audit trail (who answered what, when) and the inbox (what waits for a person, across
threads), both read from the saver's indexes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from human_support import State, config, one_node

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.human import approve, ask
from signoff.types import Command, interrupt


def two_questions(state: State) -> State:
    name = ask("Your name?")
    ok = approve("register", {"name": name})
    return {"value": [name, ok.kind]}


def test_answers_record_who_when_which_interrupt_and_what_oldest_first(
    saver: BaseCheckpointSaver,
) -> None:
    graph = one_node(two_questions, saver)
    (first,) = graph.invoke({}, config("t"))["__interrupt__"]
    start = datetime.now(timezone.utc)
    (second,) = graph.invoke(Command(resume="Ada"), config("t", answered_by="alice"))[
        "__interrupt__"
    ]
    graph.invoke(Command(resume={"type": "accept"}), config("t", answered_by="bob"))
    end = datetime.now(timezone.utc)

    records = graph.answers(config("t"))
    assert [(r.interrupt_id, r.value, r.answered_by) for r in records] == [
        (first.id, "Ada", "alice"),
        (second.id, {"type": "accept"}, "bob"),
    ]
    assert all(r.thread_id == "t" for r in records)
    first_at, second_at = (r.answered_at for r in records)
    assert first_at is not None and second_at is not None
    assert start <= first_at <= second_at <= end
    assert graph.answers("t") == records  # a thread id works as well as a config


def test_who_defaults_to_none(saver: BaseCheckpointSaver) -> None:
    graph = one_node(two_questions, saver)
    graph.invoke({}, config("t"))
    graph.invoke(Command(resume="Ada"), config("t"))
    assert [r.answered_by for r in graph.answers(config("t"))] == [None]


def test_a_refused_answer_leaves_no_audit_record(saver: BaseCheckpointSaver) -> None:
    graph = one_node(two_questions, saver)
    graph.invoke({}, config("t"))
    graph.invoke(Command(resume="Ada"), config("t"))
    with pytest.raises(ValueError):
        graph.invoke(Command(resume={"type": "shrug"}), config("t", answered_by="mallory"))
    assert [r.answered_by for r in graph.answers(config("t"))] == [None]


def test_answers_of_a_validation_loop_are_all_kept_in_order(saver: BaseCheckpointSaver) -> None:
    def node(state: State) -> State:
        prompt = "Age?"
        while not isinstance(answer := interrupt(prompt), int):
            prompt = f"{answer!r} is not a number. Age?"
        return {"value": answer}

    graph = one_node(node, saver)
    graph.invoke({}, config("t"))
    for value in ("ten", "10", 10):
        graph.invoke(Command(resume=value), config("t"))
    assert [r.value for r in graph.answers(config("t"))] == ["ten", "10", 10]


def test_answers_name_the_node_that_asked(saver: BaseCheckpointSaver) -> None:
    graph = one_node(two_questions, saver, name="signup")
    graph.invoke({}, config("t"))
    graph.invoke(Command(resume="Ada"), config("t"))
    assert [r.node for r in graph.answers(config("t"))] == ["signup"]


def test_the_inbox_lists_unanswered_questions_across_threads_oldest_first(
    saver: BaseCheckpointSaver,
) -> None:
    graph = one_node(two_questions, saver, name="signup")
    asked = {}
    for thread in ("t1", "t2", "t3"):
        (asked[thread],) = graph.invoke({}, config(thread))["__interrupt__"]
    graph.invoke(Command(resume="Ada"), config("t2"))  # t2 now waits on its second question

    inbox = graph.pending_interrupts()
    assert [(r.thread_id, r.node) for r in inbox] == [
        ("t1", "signup"),
        ("t3", "signup"),
        ("t2", "signup"),
    ]
    assert [r.interrupt_id for r in inbox[:2]] == [asked["t1"].id, asked["t3"].id]
    assert inbox[0].value == {"type": "signoff.ask", "question": "Your name?"}
    assert inbox[2].value["action_request"] == {"action": "register", "args": {"name": "Ada"}}
    assert all(r.created_at is not None and r.deadline is None for r in inbox)
    created = [r.created_at for r in inbox]
    assert created == sorted(created)  # type: ignore[type-var]
    assert [r.thread_id for r in graph.pending_interrupts(limit=1)] == ["t1"]

    graph.invoke(Command(resume="Bo"), config("t1"))
    graph.invoke(Command(resume={"type": "accept"}), config("t1"))
    assert [r.thread_id for r in graph.pending_interrupts()] == ["t3", "t2"]


def test_the_inbox_shows_the_answer_schema(saver: BaseCheckpointSaver) -> None:
    def node(state: State) -> State:
        return {"value": ask("How many?", schema=int)}

    graph = one_node(node, saver)
    graph.invoke({}, config("t"))
    (record,) = graph.pending_interrupts()
    assert record.response_schema == {"type": "integer"}


def test_entrypoints_are_told_apart_in_the_inbox_by_function(saver: BaseCheckpointSaver) -> None:
    from signoff.func import entrypoint

    @entrypoint(checkpointer=saver)
    def onboarding(name: str) -> str:
        return str(interrupt(f"Welcome {name}?"))

    @entrypoint(checkpointer=saver)
    def offboarding(name: str) -> str:
        return str(interrupt(f"Goodbye {name}?"))

    onboarding.invoke("Ada", config("on"))
    offboarding.invoke("Bo", config("off"))
    assert onboarding.get_name() == offboarding.name == "LangGraph"  # as LangGraph names them
    assert [(r.thread_id, r.graph) for r in onboarding.pending_interrupts()] == [
        ("on", "onboarding")
    ]
    assert [r.thread_id for r in offboarding.pending_interrupts()] == ["off"]
