"""`signoff.human.ask`: typed questions whose answers are checked before anything runs.

A schema (Pydantic model, TypedDict, dataclass, plain type, JSON Schema dict) travels with the
pending interrupt as JSON Schema; an answer that does not fit is refused at
`invoke(Command(resume=...))` with `InvalidAnswerError` naming the field, nothing runs and nothing
is stored; a valid one comes back as the typed value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pytest
from human_support import Parallel, State, config, footprint, one_node
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.errors import InvalidAnswerError
from signoff.graph import END, START, StateGraph
from signoff.human import ask
from signoff.types import Command


class Item(BaseModel):
    sku: str
    qty: int = Field(gt=0)


class Order(BaseModel):
    customer: str
    items: list[Item]


class Address(TypedDict):
    street: str
    zip: int


@dataclass
class Slot:
    day: str
    hour: int


class Meeting(BaseModel):
    at: datetime


SCHEMAS: list[tuple[Any, Any, Any, Any, str]] = [
    # schema, a valid answer, what ask() returns for it, an invalid answer, its field path
    (
        Order,
        {"customer": "Ada", "items": [{"sku": "a", "qty": 1}]},
        Order(customer="Ada", items=[Item(sku="a", qty=1)]),
        {"customer": "Ada", "items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 0}]},
        "items.1.qty",
    ),
    (
        Address,
        {"street": "Main", "zip": 1000},
        {"street": "Main", "zip": 1000},
        {"street": "Main"},
        "zip",
    ),
    (Slot, {"day": "mon", "hour": 9}, Slot("mon", 9), {"day": "mon", "hour": "nine"}, "hour"),
    (int, 42, 42, "many", "(answer)"),
    (list[str], ["a", "b"], ["a", "b"], ["a", 2], "1"),
    (
        {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]},
        {"n": 1},
        {"n": 1},
        {"n": "one"},
        "n",
    ),
]
IDS = ["pydantic", "typeddict", "dataclass", "int", "list", "json-schema"]


def asking(schema: Any, log: list[str]) -> Any:
    def node(state: State) -> State:
        log.append("ran")
        return {"value": ask("Details?", schema=schema)}

    return node


@pytest.mark.parametrize(("schema", "valid", "typed", "invalid", "path"), SCHEMAS, ids=IDS)
def test_the_pending_interrupt_carries_the_question_and_json_schema(
    memory: BaseCheckpointSaver, schema: Any, valid: Any, typed: Any, invalid: Any, path: str
) -> None:
    graph = one_node(asking(schema, []), memory)
    (pending,) = graph.invoke({}, config("t"))["__interrupt__"]
    assert pending.value == {"type": "signoff.ask", "question": "Details?"}
    response_schema = pending.response_schema
    assert isinstance(response_schema, dict)
    if isinstance(schema, dict):
        assert response_schema == schema
    else:
        from pydantic import TypeAdapter

        assert response_schema == TypeAdapter(schema).json_schema()
    (record,) = memory.pending_interrupts(thread_id="t")
    assert record.response_schema == response_schema


@pytest.mark.parametrize(("schema", "valid", "typed", "invalid", "path"), SCHEMAS, ids=IDS)
def test_a_valid_answer_comes_back_typed(
    saver: BaseCheckpointSaver, schema: Any, valid: Any, typed: Any, invalid: Any, path: str
) -> None:
    graph = one_node(asking(schema, []), saver)
    graph.invoke({}, config("t"))
    result = graph.invoke(Command(resume=valid), config("t"))
    assert result["value"] == typed
    assert type(result["value"]) is type(typed)


@pytest.mark.parametrize(("schema", "valid", "typed", "invalid", "path"), SCHEMAS, ids=IDS)
def test_an_invalid_answer_is_refused_at_invoke_naming_the_field_and_nothing_changes(
    saver: BaseCheckpointSaver, schema: Any, valid: Any, typed: Any, invalid: Any, path: str
) -> None:
    log: list[str] = []
    graph = one_node(asking(schema, log), saver)
    (pending,) = graph.invoke({}, config("t"))["__interrupt__"]
    before = footprint(saver, "t")

    with pytest.raises(InvalidAnswerError) as caught:
        graph.invoke(Command(resume=invalid), config("t"))

    error = caught.value
    assert isinstance(error, ValueError)
    assert error.path == path
    assert error.interrupt_id == pending.id
    assert f"at '{path}'" in str(error) and pending.id in str(error)
    assert "nothing was stored" in str(error)
    assert log == ["ran"]  # the node did not run again
    assert footprint(saver, "t") == before  # no checkpoint, write, answer; still pending
    assert [t.interrupts[0].id for t in graph.get_state(config("t")).tasks] == [pending.id]
    assert graph.invoke(Command(resume=valid), config("t"))["value"] == typed


def test_a_refused_answer_runs_none_of_the_steps_other_tasks(saver: BaseCheckpointSaver) -> None:
    """LangGraph would run the step's other tasks first and fail in the node; signoff refuses the
    answer before the step starts."""
    ran: list[str] = []

    def asker(state: Parallel) -> Parallel:
        ran.append("asker")
        return {"log": [ask("How many?", schema=int)]}

    def sibling(state: Parallel) -> Parallel:
        ran.append("sibling")
        if len(ran) > 2:
            return {"log": ["sibling"]}
        return {"log": [ask("Go?", schema=bool)]}

    builder = StateGraph(Parallel)
    builder.add_node("asker", asker)
    builder.add_node("sibling", sibling)
    builder.add_edge(START, "asker")
    builder.add_edge(START, "sibling")
    builder.add_edge("asker", END)
    builder.add_edge("sibling", END)
    graph = builder.compile(checkpointer=saver)
    pending = {
        i.value["question"]: i.id for i in graph.invoke({"log": []}, config("t"))["__interrupt__"]
    }
    before = footprint(saver, "t")
    ran.clear()
    answers = {pending["How many?"]: "lots", pending["Go?"]: True}
    with pytest.raises(InvalidAnswerError):
        graph.invoke(Command(resume=answers), config("t"))
    assert ran == []
    assert footprint(saver, "t") == before  # all or nothing: the valid answer was not kept


def test_command_update_given_with_an_invalid_answer_is_not_applied(
    saver: BaseCheckpointSaver,
) -> None:
    graph = one_node(asking(int, []), saver)
    graph.invoke({"log": ["start"]}, config("t"))
    with pytest.raises(InvalidAnswerError):
        graph.invoke(Command(resume="x", update={"log": ["sneaked in"]}), config("t"))
    assert graph.get_state(config("t")).values == {"log": ["start"]}


async def test_ainvoke_refuses_invalid_answers_the_same_way(saver: BaseCheckpointSaver) -> None:
    graph = one_node(asking(Order, []), saver)
    await graph.ainvoke({}, config("t"))
    before = footprint(saver, "t")
    with pytest.raises(InvalidAnswerError, match="'customer'"):
        await graph.ainvoke(Command(resume={"items": []}), config("t"))
    assert footprint(saver, "t") == before
    done = await graph.ainvoke(Command(resume={"customer": "Ada", "items": []}), config("t"))
    assert done["value"] == Order(customer="Ada", items=[])


def test_stream_refuses_an_invalid_answer_before_the_first_chunk(
    memory: BaseCheckpointSaver,
) -> None:
    graph = one_node(asking(int, []), memory)
    graph.invoke({}, config("t"))
    chunks = graph.stream(Command(resume="x"), config("t"), stream_mode="updates")
    with pytest.raises(InvalidAnswerError):
        next(chunks)


def test_a_datetime_field_accepts_an_iso_string_and_refuses_garbage(
    memory: BaseCheckpointSaver,
) -> None:
    graph = one_node(asking(Meeting, []), memory)
    graph.invoke({}, config("t"))
    with pytest.raises(InvalidAnswerError, match="'at'"):
        graph.invoke(Command(resume={"at": "next tuesday"}), config("t"))
    done = graph.invoke(Command(resume={"at": "2030-01-02T03:04:05Z"}), config("t"))
    assert done["value"].at == datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def test_an_answer_can_be_given_by_interrupt_id(saver: BaseCheckpointSaver) -> None:
    graph = one_node(asking(int, []), saver)
    (pending,) = graph.invoke({}, config("t"))["__interrupt__"]
    with pytest.raises(InvalidAnswerError, match=pending.id):
        graph.invoke(Command(resume={pending.id: "x"}), config("t"))
    assert graph.invoke(Command(resume={pending.id: 3}), config("t"))["value"] == 3


def test_without_a_schema_any_answer_is_taken_as_is(memory: BaseCheckpointSaver) -> None:
    def node(state: State) -> State:
        return {"value": ask("Anything to add?")}

    graph = one_node(node, memory)
    graph.invoke({}, config("t"))
    assert graph.invoke(Command(resume={"free": ["form"]}), config("t")) == {
        "value": {"free": ["form"]}
    }


def test_a_default_must_be_a_valid_answer(memory: BaseCheckpointSaver) -> None:
    def node(state: State) -> State:
        return {"value": ask("How many?", schema=int, default="several")}

    with pytest.raises(ValueError, match="default 'several' is not a valid answer"):
        one_node(node, memory).invoke({}, config("t"))


def test_a_model_default_is_stored_as_json(memory: BaseCheckpointSaver) -> None:
    def node(state: State) -> State:
        item = ask("Which item?", schema=Item, default=Item(sku="x", qty=1))
        return {"value": item}

    graph = one_node(node, memory)
    (pending,) = graph.invoke({}, config("t"))["__interrupt__"]
    assert pending.value["default"] == {"sku": "x", "qty": 1}


def test_a_question_asked_in_a_subgraph_is_checked_the_same_way(
    saver: BaseCheckpointSaver,
) -> None:
    inner = StateGraph(State)
    inner.add_node("count", asking(int, []))
    inner.add_edge(START, "count")
    inner.add_edge("count", END)
    outer = StateGraph(State)
    outer.add_node("sub", inner.compile())
    outer.add_edge(START, "sub")
    outer.add_edge("sub", END)
    graph = outer.compile(checkpointer=saver)
    (pending,) = graph.invoke({}, config("t"))["__interrupt__"]
    assert pending.response_schema == {"type": "integer"}
    before = footprint(saver, "t")
    with pytest.raises(InvalidAnswerError, match=pending.id):
        graph.invoke(Command(resume="four"), config("t"))
    assert footprint(saver, "t") == before
    assert graph.invoke(Command(resume=4), config("t")) == {"value": 4}
