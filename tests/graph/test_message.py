"""`add_messages` and `MessagesState` behave as LangGraph 1.2.22's (expected values taken from it)."""

from __future__ import annotations

import subprocess
import sys
import typing
import uuid

import pytest
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    HumanMessage,
    RemoveMessage,
    SystemMessage,
    ToolMessage,
)

from signoff.graph.message import REMOVE_ALL_MESSAGES, add_messages
from signoff.graph.schema import channels_for, schema_hints


def test_appends_and_replaces_by_id() -> None:
    left = [HumanMessage("Hello", id="1")]
    right = [AIMessage("Hi there!", id="2")]
    assert add_messages(left, right) == [
        HumanMessage("Hello", id="1"),
        AIMessage("Hi there!", id="2"),
    ]
    assert add_messages(left, [HumanMessage("Hello again", id="1")]) == [
        HumanMessage("Hello again", id="1")
    ]


def test_coerces_tuples_dicts_and_strings_and_assigns_uuid_ids() -> None:
    merged = add_messages([("user", "hi")], {"role": "assistant", "content": "yo"})
    assert [type(m) for m in merged] == [HumanMessage, AIMessage]
    assert [m.content for m in merged] == ["hi", "yo"]
    for m in merged:
        assert m.id is not None
        uuid.UUID(m.id)
    merged = add_messages("hello", "world")
    assert [(type(m), m.content) for m in merged] == [
        (HumanMessage, "hello"),
        (HumanMessage, "world"),
    ]


def test_chunks_become_whole_messages() -> None:
    assert add_messages([], [AIMessageChunk("chunk", id="c")]) == [AIMessage("chunk", id="c")]


def test_ids_are_written_onto_the_left_messages_and_a_new_list_is_returned() -> None:
    left = [HumanMessage("a")]
    merged = add_messages(left, [])
    assert merged is not left
    assert left[0].id is not None and merged[0].id == left[0].id


def test_left_messages_without_ids_get_them_and_the_others_are_still_found() -> None:
    left = [HumanMessage("a", id="1"), HumanMessage("b")]
    merged = add_messages(left, [HumanMessage("c", id="1"), AIMessage("d", id="2")])
    assert left[1].id is not None
    uuid.UUID(left[1].id)
    assert merged == [
        HumanMessage("c", id="1"),
        HumanMessage("b", id=left[1].id),
        AIMessage("d", id="2"),
    ]


def test_remove_message() -> None:
    left = [HumanMessage("a", id="1"), AIMessage("b", id="2")]
    assert add_messages(left, [RemoveMessage(id="1")]) == [AIMessage("b", id="2")]


def test_remove_then_re_add_keeps_the_new_message_in_place() -> None:
    left = [HumanMessage("a", id="1"), AIMessage("b", id="2")]
    merged = add_messages(left, [RemoveMessage(id="1"), HumanMessage("c", id="1")])
    assert merged == [HumanMessage("c", id="1"), AIMessage("b", id="2")]
    again = [RemoveMessage(id="1"), HumanMessage("new", id="1"), RemoveMessage(id="1")]
    assert add_messages([HumanMessage("a", id="1")], again) == []


def test_removing_an_unknown_id_is_an_error() -> None:
    with pytest.raises(
        ValueError, match=r"Attempting to delete a message with an ID that doesn't exist \('2'\)"
    ):
        add_messages([HumanMessage("a", id="1")], [RemoveMessage(id="2")])


def test_remove_all_keeps_only_what_follows_it() -> None:
    right = [
        HumanMessage("x", id="9"),
        RemoveMessage(id=REMOVE_ALL_MESSAGES),
        HumanMessage("z", id="3"),
    ]
    assert add_messages([HumanMessage("a", id="1")], right) == [HumanMessage("z", id="3")]
    assert add_messages([HumanMessage("a", id="1")], [RemoveMessage(id=REMOVE_ALL_MESSAGES)]) == []
    assert REMOVE_ALL_MESSAGES == "__remove_all__"


def test_duplicate_ids_last_one_wins() -> None:
    assert add_messages([], [HumanMessage("x", id="5"), HumanMessage("y", id="5")]) == [
        HumanMessage("y", id="5")
    ]
    left = [HumanMessage("a", id="1"), HumanMessage("b", id="1")]
    assert add_messages(left, [HumanMessage("c", id="1")]) == [
        HumanMessage("a", id="1"),
        HumanMessage("c", id="1"),
    ]


def test_one_missing_side_is_an_error_and_none_gives_a_reducer() -> None:
    with pytest.raises(ValueError, match="Only received: 'left'"):
        add_messages([HumanMessage("a")], None)
    with pytest.raises(ValueError, match="Only received: 'right'"):
        add_messages(None, [HumanMessage("a")])
    reducer = add_messages()
    assert reducer([HumanMessage("a", id="1")], [HumanMessage("b", id="2")]) == [
        HumanMessage("a", id="1"),
        HumanMessage("b", id="2"),
    ]


def test_bad_message_dict_is_an_error() -> None:
    with pytest.raises(ValueError, match="Message dict must contain 'role' and 'content' keys"):
        add_messages([], [{"bad": 1}])


def test_openai_format() -> None:
    reducer = add_messages(format="langchain-openai")
    content = [
        {"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}},
        {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "1234"}},
    ]
    merged = reducer([], [{"role": "user", "content": content}])
    assert merged == [
        HumanMessage(
            content=[
                {"type": "text", "text": "hi"},
                {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,1234"}},
            ]
        )
    ]
    with pytest.raises(ValueError, match="Unrecognized format='xx'"):
        add_messages([], [], format="xx")  # type: ignore[arg-type]  # the error case under test


def test_messages_state_hints_have_the_reducer_and_any_message() -> None:
    from langchain_core.messages import AnyMessage

    from signoff.graph.message import MessagesState

    hints = typing.get_type_hints(MessagesState, include_extras=True)
    assert hints["messages"].__metadata__ == (add_messages,)
    assert typing.get_args(hints["messages"])[0] == list[AnyMessage]
    assert MessagesState.__module__ == "signoff.graph.message"


def test_messages_state_subclass_with_string_annotations_reads_as_a_schema() -> None:
    from signoff.graph.message import MessagesState

    class State(MessagesState):
        summary: str
        notes: typing.Annotated[list[str], lambda a, b: a + b]

    hints = schema_hints(State)
    assert hints is not None and list(hints) == ["messages", "summary", "notes"]
    channels = channels_for(State)
    messages = channels["messages"]
    messages.update([[HumanMessage("a", id="1")]])
    messages.update([[SystemMessage("s", id="2"), ToolMessage("t", tool_call_id="c", id="1")]])
    assert messages.get() == [
        ToolMessage("t", tool_call_id="c", id="1"),
        SystemMessage("s", id="2"),
    ]


def test_import_does_not_load_langchain_core() -> None:
    code = (
        "import sys, signoff.graph.message as m\n"
        "assert 'langchain_core' not in sys.modules, 'imported at module import'\n"
        "m.MessagesState\n"
        "assert 'langchain_core' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
