"""Deadlines: a question may carry a deadline and a default; `graph.expire_due()` answers every
overdue one with its default, recorded as answered by "deadline". A deadline never skips the
pause: until something answers, the question stays pending."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from human_support import Parallel, State, config, footprint, one_node
from pydantic import BaseModel

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.graph import END, START, StateGraph
from signoff.human import ask
from signoff.types import Command

NOON = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)


def asking(deadline: datetime | timedelta | None, **kw: object) -> object:
    def node(state: State) -> State:
        return {"value": ask("Ship the release?", deadline=deadline, **kw)}

    return node


def test_the_deadline_and_default_are_stored_with_the_pending_interrupt(
    saver: BaseCheckpointSaver,
) -> None:
    graph = one_node(asking(NOON, default="hold"), saver)
    (pending,) = graph.invoke({}, config("t"))["__interrupt__"]
    assert pending.value["deadline"] == "2030-01-01T12:00:00+00:00"
    (record,) = saver.pending_interrupts(thread_id="t")
    assert (record.interrupt_id, record.deadline, record.default) == (pending.id, NOON, "hold")


def test_a_naive_deadline_is_local_time(memory: BaseCheckpointSaver) -> None:
    local = datetime(2030, 6, 1, 9, 30)
    one_node(asking(local, default=None), memory).invoke({}, config("t"))
    (record,) = memory.pending_interrupts(thread_id="t")
    assert record.deadline == local.astimezone(timezone.utc)
    assert record.has_default and record.default is None


def test_a_deadline_that_has_passed_still_pauses(saver: BaseCheckpointSaver) -> None:
    long_ago = datetime(2000, 1, 1, tzinfo=timezone.utc)
    graph = one_node(asking(long_ago, default="hold"), saver)
    assert "__interrupt__" in graph.invoke({}, config("t"))
    assert "__interrupt__" in graph.invoke(None, config("t"))  # running on asks again
    assert len(saver.pending_interrupts(thread_id="t")) == 1
    assert graph.get_state(config("t")).next == ("node",)


def test_expire_due_answers_overdue_questions_across_threads_with_their_defaults(
    saver: BaseCheckpointSaver,
) -> None:
    def node(state: State) -> State:
        plan = state["value"]
        if plan == "no-deadline":
            return {"value": ask("Ship?")}
        if plan == "no-default":
            return {"value": ask("Ship?", deadline=NOON)}
        due = NOON if plan == "noon" else NOON + timedelta(days=1)
        return {"value": ask("Ship?", deadline=due, default=f"default for {plan}")}

    graph = one_node(node, saver)
    for thread in ("noon", "tomorrow", "no-default", "no-deadline"):
        graph.invoke({"value": thread}, config(thread))

    assert graph.expire_due(now=NOON - timedelta(seconds=1)) == []
    assert graph.expire_due(now=NOON) == ["noon"]
    assert graph.get_state(config("noon")).values == {"value": "default for noon"}
    (answer,) = graph.answers(config("noon"))
    assert (answer.answered_by, answer.value) == ("deadline", "default for noon")

    assert graph.expire_due(now=NOON + timedelta(days=2)) == ["tomorrow"]
    assert graph.get_state(config("tomorrow")).values == {"value": "default for tomorrow"}
    assert {r.thread_id for r in graph.pending_interrupts()} == {"no-default", "no-deadline"}
    assert graph.expire_due(now=NOON + timedelta(days=2)) == []


def test_expire_due_without_now_uses_the_current_time(memory: BaseCheckpointSaver) -> None:
    graph = one_node(asking(timedelta(seconds=-1), default="late"), memory)
    graph.invoke({}, config("overdue"))
    graph2 = one_node(asking(timedelta(days=1), default="early"), memory)
    graph2.invoke({}, config("not-yet"))
    assert graph.expire_due() == ["overdue"]
    assert [r.thread_id for r in memory.pending_interrupts()] == ["not-yet"]


def test_expire_due_accepts_a_naive_now_as_local_time(memory: BaseCheckpointSaver) -> None:
    graph = one_node(asking(NOON, default="hold"), memory)
    graph.invoke({}, config("t"))
    local_noon = NOON.astimezone().replace(tzinfo=None)
    assert graph.expire_due(now=local_noon - timedelta(minutes=1)) == []
    assert graph.expire_due(now=local_noon) == ["t"]


def test_a_typed_default_comes_back_typed(saver: BaseCheckpointSaver) -> None:
    class Plan(BaseModel):
        ship: bool
        note: str = ""

    def node(state: State) -> State:
        plan = ask("Plan?", schema=Plan, deadline=NOON, default=Plan(ship=False, note="timeout"))
        return {"value": [type(plan).__name__, plan.ship, plan.note]}

    graph = one_node(node, saver)
    graph.invoke({}, config("t"))
    assert graph.expire_due(now=NOON) == ["t"]
    assert graph.get_state(config("t")).values == {"value": ["Plan", False, "timeout"]}


def test_a_delay_counts_from_when_the_question_was_first_asked(
    saver: BaseCheckpointSaver,
) -> None:
    """The node that asks re-runs while its question is pending (here: a sibling's answer resumes
    the step); its deadline must not move later each time."""

    def slow(state: Parallel) -> Parallel:
        return {"log": [ask("Approve the budget?", deadline=timedelta(hours=1), default="no")]}

    def quick(state: Parallel) -> Parallel:
        return {"log": [ask("Your name?")]}

    builder = StateGraph(Parallel)
    builder.add_node("slow", slow)
    builder.add_node("quick", quick)
    builder.add_edge(START, "slow")
    builder.add_edge(START, "quick")
    builder.add_edge("slow", END)
    builder.add_edge("quick", END)
    graph = builder.compile(checkpointer=saver)
    graph.invoke({"log": []}, config("t"))
    (first,) = saver.pending_interrupts(node="slow")
    (name,) = saver.pending_interrupts(node="quick")
    again = graph.invoke(Command(resume={name.interrupt_id: "Ada"}), config("t"))
    assert [i.value["question"] for i in again["__interrupt__"]] == ["Approve the budget?"]
    (second,) = saver.pending_interrupts(node="slow")
    assert second.interrupt_id == first.interrupt_id
    assert second.deadline == first.deadline
    assert first.deadline is not None
    assert graph.expire_due(now=first.deadline) == ["t"]
    assert sorted(graph.get_state(config("t")).values["log"]) == ["Ada", "no"]


def test_expire_due_leaves_other_graphs_questions_alone(saver: BaseCheckpointSaver) -> None:
    mine = one_node(asking(NOON, default="mine"), saver, graph_name="mine")
    theirs = one_node(asking(NOON, default="theirs"), saver, graph_name="theirs")
    mine.invoke({}, config("a"))
    theirs.invoke({}, config("b"))
    assert mine.expire_due(now=NOON) == ["a"]
    assert footprint(saver, "b").pending != []
    assert theirs.expire_due(now=NOON) == ["b"]
    assert theirs.get_state(config("b")).values == {"value": "theirs"}


def test_a_failing_run_does_not_keep_expire_due_from_the_other_threads(
    saver: BaseCheckpointSaver,
) -> None:
    def node(state: State) -> State:
        answer = ask("Ship?", deadline=NOON, default=f"default for {state['value']}")
        if state["value"] == "breaks":
            raise RuntimeError("boom after the default")
        return {"value": answer}

    graph = one_node(node, saver)
    for thread in ("breaks", "works"):
        graph.invoke({"value": thread}, config(thread))
    try:
        graph.expire_due(now=NOON)
    except RuntimeError as error:
        assert "boom after the default" in str(error)
    else:
        raise AssertionError("expire_due swallowed the failing run")
    assert graph.get_state(config("works")).values == {"value": "default for works"}
    assert graph.pending_interrupts() == []
    assert [a.answered_by for a in graph.answers(config("breaks"))] == ["deadline"]
