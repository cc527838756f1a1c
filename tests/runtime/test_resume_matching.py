"""`signoff.runtime.resume`: which pending interrupts a `Command(resume=...)` answers.

`match` sees the writes stored for the paused step (interrupts raised, answers given) and either
returns the claim to store or refuses. The refusal for several pending interrupts is LangGraph
1.2.22's `RuntimeError`, with its text (pregel/_loop.py); unknown and answered ids are signoff's
own errors (issue 4 "Bad input", DESIGN.md section 3 "Exactly-once answers").
"""

from __future__ import annotations

from typing import Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.constants import INTERRUPT, RESUME
from signoff.errors import InterruptAlreadyAnsweredError, UnknownInterruptError
from signoff.graph import END, START, StateGraph
from signoff.runtime.resume import answered_by, is_resume_map, match, pending_state
from signoff.types import Command, Interrupt, interrupt

LANGGRAPH_MULTIPLE = (
    "When there are multiple pending interrupts, you must specify the interrupt id when resuming. "
    "Docs: https://docs.langchain.com/oss/python/langgraph/interrupts#handling-multiple-interrupts."
)
ID_A = "a" * 32
ID_B = "b" * 32
ID_C = "c" * 32


def asked(task: str, *interrupts: Interrupt[Any]) -> tuple[str, str, Any]:
    return (task, INTERRUPT, list(interrupts))


def answered(task: str, answers: dict[str, Any]) -> tuple[str, str, Any]:
    return (task, RESUME, answers)


TWO_PENDING = [asked("t1", Interrupt("legal?", ID_A)), asked("t2", Interrupt("finance?", ID_B))]


def test_a_plain_value_answers_the_single_pending_interrupt() -> None:
    question: Interrupt[Any] = Interrupt("ok?", ID_A)
    claim = match("yes", [asked("t1", question)], "thread")
    assert claim.answers == {ID_A: "yes"}
    assert claim.where == {ID_A: ("t1", question)}
    assert not claim.is_null


def test_a_dict_answer_whose_keys_are_not_interrupt_ids_is_a_plain_value() -> None:
    answer = {"approved": True, "note": "fine"}
    assert not is_resume_map(answer)
    claim = match(answer, [asked("t1", Interrupt("ok?", ID_A))], "thread")
    assert claim.answers == {ID_A: answer}


def test_an_empty_dict_is_a_resume_map_that_answers_nothing_as_in_langgraph() -> None:
    assert is_resume_map({})
    assert match({}, TWO_PENDING, "thread").answers == {}


def test_a_resume_map_answers_the_interrupts_it_names_and_only_those() -> None:
    claim = match({ID_B: "F"}, TWO_PENDING, "thread")
    assert claim.answers == {ID_B: "F"}
    assert claim.where[ID_B][0] == "t2"
    both = match({ID_A: "L", ID_B: "F"}, TWO_PENDING, "thread")
    assert both.answers == {ID_A: "L", ID_B: "F"}


def test_a_plain_value_with_several_pending_raises_langgraphs_runtime_error() -> None:
    with pytest.raises(RuntimeError) as raised:
        match("yes", TWO_PENDING, "thread")
    assert str(raised.value) == LANGGRAPH_MULTIPLE
    assert type(raised.value) is RuntimeError


def test_an_unknown_id_is_refused_listing_the_pending_ids() -> None:
    with pytest.raises(UnknownInterruptError) as raised:
        match({ID_A: "L", ID_C: "?"}, TWO_PENDING, "acct-7")
    error = raised.value
    assert isinstance(error, ValueError)
    assert error.reason == "not_pending"
    assert error.interrupt_ids == (ID_C,)
    assert error.pending_ids == (ID_A, ID_B)
    assert ID_C in str(error) and ID_A in str(error) and ID_B in str(error)
    assert "acct-7" in str(error)


def test_an_unknown_id_with_nothing_pending_says_none_are_pending() -> None:
    with pytest.raises(UnknownInterruptError, match="pending: none") as raised:
        match({ID_C: 1}, [], "thread")
    assert raised.value.pending_ids == ()


def test_an_answered_id_is_refused_as_already_answered() -> None:
    writes = [*TWO_PENDING, answered("t1", {ID_A: "L"})]
    with pytest.raises(InterruptAlreadyAnsweredError) as raised:
        match({ID_A: "again"}, writes, "acct-7")
    assert raised.value.interrupt_id == ID_A
    assert raised.value.thread_id == "acct-7"
    assert isinstance(raised.value, RuntimeError)


def test_a_plain_value_after_the_last_pending_was_answered_is_refused() -> None:
    writes = [asked("t1", Interrupt("ok?", ID_A)), answered("t1", {ID_A: "yes"})]
    with pytest.raises(InterruptAlreadyAnsweredError, match="invoke the graph with None"):
        match("again", writes, "thread")


def test_a_plain_value_answers_the_one_still_open_when_another_was_answered() -> None:
    writes = [*TWO_PENDING, answered("t1", {ID_A: "L"})]
    assert match("F", writes, "thread").answers == {ID_B: "F"}


def test_a_value_with_nothing_ever_asked_is_a_null_resume() -> None:
    claim = match("go", [], "thread")
    assert claim.is_null
    assert claim.null == "go"
    assert claim.answers == {}


def test_pending_state_splits_open_and_answered_interrupts() -> None:
    writes = [*TWO_PENDING, answered("t2", {ID_B: "F"}), ("t3", "notes", ["x"])]
    open_, done = pending_state(writes)
    assert set(open_) == {ID_A}
    assert open_[ID_A][0] == "t1"
    assert done == {ID_B}


def test_answered_by_comes_from_the_run_metadata() -> None:
    assert answered_by({"metadata": {"answered_by": "ann"}}) == "ann"
    assert answered_by({"metadata": {"answered_by": 7}}) == "7"
    assert answered_by({}) is None


class Review(TypedDict, total=False):
    legal: str
    finance: str


def test_through_a_graph_several_pending_and_a_plain_resume_store_nothing() -> None:
    def legal(state: Review) -> Review:
        return {"legal": interrupt("legal ok?")}

    def finance(state: Review) -> Review:
        return {"finance": interrupt("finance ok?")}

    builder = StateGraph(Review)
    builder.add_node("legal", legal)
    builder.add_node("finance", finance)
    builder.add_edge(START, "legal")
    builder.add_edge(START, "finance")
    builder.add_edge("legal", END)
    builder.add_edge("finance", END)
    saver = InMemorySaver()
    graph = builder.compile(checkpointer=saver)
    config = {"configurable": {"thread_id": "two"}}
    graph.invoke({}, config)
    before = [(c.checkpoint["id"], c.pending_writes) for c in saver.list(config)]

    with pytest.raises(RuntimeError) as raised:
        graph.invoke(Command(resume="yes"), config)

    assert str(raised.value) == LANGGRAPH_MULTIPLE
    assert [(c.checkpoint["id"], c.pending_writes) for c in saver.list(config)] == before
    ids = {i.value: i.id for i in graph.get_state(config).interrupts}
    done = graph.invoke(Command(resume={ids["legal ok?"]: "L", ids["finance ok?"]: "F"}), config)
    assert done == {"legal": "L", "finance": "F"}
