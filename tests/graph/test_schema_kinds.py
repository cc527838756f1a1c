"""State schema kinds (`graph/schema.py`): TypedDict (total or not), dataclass, Pydantic model, and
`MessagesState` subclasses with `add_messages`, each through a real graph.

What nodes receive and what `invoke` returns was taken from LangGraph 1.2.22 by running the same
graphs under /work/lgvenv; messages are real langchain_core messages.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import Annotated, Any

import pydantic
import pytest
from langchain_core.messages import (
    AIMessage,
    AnyMessage,
    HumanMessage,
    RemoveMessage,
    SystemMessage,
)
from typing_extensions import TypedDict

from signoff.graph import END, START, StateGraph
from signoff.graph.message import REMOVE_ALL_MESSAGES, MessagesState


def run_one(schema: Any, node: Any, value: Any) -> Any:
    builder = StateGraph(schema)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile().invoke(value)


# --- TypedDict -----------------------------------------------------------------------------------


class Total(TypedDict):
    count: int
    label: str


class Partial(TypedDict, total=False):
    count: int
    label: str


def test_a_total_typeddict_node_sees_only_the_keys_that_hold_a_value() -> None:
    seen: list[Any] = []

    def node(state: Total) -> dict[str, Any]:
        seen.append(dict(state))
        return {"label": "x"}

    assert run_one(Total, node, {"count": 1}) == {"count": 1, "label": "x"}
    assert seen == [{"count": 1}]


def test_a_non_total_typeddict_accepts_an_empty_input() -> None:
    seen: list[Any] = []

    def node(state: Partial) -> Partial:
        seen.append(dict(state))
        return {"count": state.get("count", 0) + 1}

    assert run_one(Partial, node, {}) == {"count": 1}
    assert seen == [{}]


def test_typeddict_values_are_not_type_checked() -> None:
    assert run_one(Total, lambda state: {"label": "x"}, {"count": "many"}) == {
        "count": "many",
        "label": "x",
    }


# --- dataclass -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Ticket:
    title: str
    status: str = "open"
    log: Annotated[list[str], operator.add] = dataclasses.field(default_factory=list)


def test_a_dataclass_node_receives_an_instance_with_defaults_filled() -> None:
    seen: list[Any] = []

    def node(state: Ticket) -> dict[str, Any]:
        seen.append(state)
        return {"status": state.status + "!", "log": ["node"]}

    out = run_one(Ticket, node, {"title": "printer"})
    assert out == {"title": "printer", "status": "open!", "log": ["node"]}
    assert seen == [Ticket(title="printer", status="open", log=[])]


def test_a_dataclass_missing_a_required_field_fails_when_a_node_reads_it() -> None:
    with pytest.raises(TypeError, match="title"):
        run_one(Ticket, lambda state: {"status": "x"}, {"status": "y"})


def test_a_node_may_return_a_dataclass_instance_as_its_update() -> None:
    out = run_one(Ticket, lambda state: Ticket(title="renamed"), {"title": "printer"})
    assert out == {"title": "renamed", "status": "open", "log": []}


# --- Pydantic ------------------------------------------------------------------------------------


class Order(pydantic.BaseModel):
    quantity: int
    note: str = "none"
    log: Annotated[list[str], operator.add] = []


def test_a_pydantic_node_receives_a_validated_model() -> None:
    seen: list[Any] = []

    def node(state: Order) -> dict[str, Any]:
        seen.append(state)
        return {"note": state.note + "!", "log": ["node"]}

    out = run_one(Order, node, {"quantity": 3})
    assert out == {"quantity": 3, "note": "none!", "log": ["node"]}
    assert seen == [Order(quantity=3, note="none", log=[])]
    assert isinstance(seen[0], Order)


@pytest.mark.parametrize("bad", [{"quantity": "lots"}, {"note": "no quantity"}])
def test_a_bad_pydantic_input_raises_pydantics_validation_error(bad: dict[str, Any]) -> None:
    ran: list[Any] = []
    with pytest.raises(pydantic.ValidationError) as raised:
        run_one(Order, lambda state: ran.append(state), bad)
    assert raised.value.errors()[0]["loc"] == ("quantity",)
    assert ran == []


def test_a_model_instance_is_accepted_as_input() -> None:
    assert run_one(Order, lambda state: {"note": "m"}, Order(quantity=2)) == {
        "quantity": 2,
        "note": "m",
        "log": [],
    }


def test_a_bad_node_update_fails_when_the_next_node_reads_the_state() -> None:
    builder = StateGraph(Order)
    builder.add_node("breaks", lambda state: {"quantity": "lots"})
    builder.add_node("reads", lambda state: {"note": str(state.quantity)})
    builder.add_edge(START, "breaks")
    builder.add_edge("breaks", "reads")
    with pytest.raises(pydantic.ValidationError):
        builder.compile().invoke({"quantity": 1})


def test_the_input_is_stored_as_given_after_validation() -> None:
    assert run_one(Order, lambda state: {}, {"quantity": "3"})["quantity"] == "3"


# --- MessagesState and add_messages --------------------------------------------------------------


class Chat(MessagesState):
    turns: int


def shape(messages: list[AnyMessage]) -> list[tuple[str, Any]]:
    return [(type(m).__name__, m.content) for m in messages]


def test_tuples_dicts_and_strings_become_messages_with_ids_and_are_appended() -> None:
    def reply(state: Chat) -> dict[str, Any]:
        return {
            "messages": [("ai", "hi there"), {"role": "user", "content": "and you?"}],
            "turns": len(state["messages"]),
        }

    out = run_one(Chat, reply, {"messages": [("user", "hello")]})
    assert shape(out["messages"]) == [
        ("HumanMessage", "hello"),
        ("AIMessage", "hi there"),
        ("HumanMessage", "and you?"),
    ]
    assert all(m.id for m in out["messages"])
    assert len({m.id for m in out["messages"]}) == 3
    assert out["turns"] == 1
    lone = run_one(Chat, lambda state: {"messages": "just text"}, {"messages": []})
    assert shape(lone["messages"]) == [("HumanMessage", "just text")]


def test_a_message_with_a_known_id_replaces_it_and_remove_message_deletes() -> None:
    def edit(state: Chat) -> dict[str, Any]:
        first, second, _ = state["messages"]
        return {"messages": [HumanMessage("edited", id=first.id), RemoveMessage(id=str(second.id))]}

    start = [HumanMessage("orig", id="1"), AIMessage("bye", id="2"), AIMessage("stay", id="3")]
    out = run_one(Chat, edit, {"messages": start})
    assert [(type(m).__name__, m.content, m.id) for m in out["messages"]] == [
        ("HumanMessage", "edited", "1"),
        ("AIMessage", "stay", "3"),
    ]


def test_remove_all_messages_clears_the_history_before_the_rest_of_the_update() -> None:
    def reset(state: Chat) -> dict[str, Any]:
        return {"messages": [RemoveMessage(id=REMOVE_ALL_MESSAGES), SystemMessage("fresh", id="s")]}

    out = run_one(Chat, reset, {"messages": [HumanMessage("a", id="1")]})
    assert [(m.content, m.id) for m in out["messages"]] == [("fresh", "s")]


def test_removing_an_unknown_id_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match=r"doesn't exist \('nope'\)"):
        run_one(Chat, lambda s: {"messages": [RemoveMessage(id="nope")]}, {"messages": []})


def test_dict_messages_keep_their_given_id() -> None:
    out = run_one(
        Chat,
        lambda s: {"messages": [{"role": "assistant", "content": "x", "id": "7"}]},
        {"messages": [{"role": "user", "content": "u"}]},
    )
    assert [(type(m).__name__, m.id == "7") for m in out["messages"]] == [
        ("HumanMessage", False),
        ("AIMessage", True),
    ]
