"""`signoff.channels.last_value`: plain state keys, edge triggers and deferred-node triggers.

Pinned against LangGraph 1.2.22's channels of the same names (same scenarios run under
/work/lgvenv): a plain key keeps the one value of a step, and two values in one step are refused
with LangGraph's message.
"""

from __future__ import annotations

from typing import Any

import pytest
from typing_extensions import TypedDict

from signoff.channels import (
    MISSING,
    AnyValue,
    EmptyChannelError,
    EphemeralValue,
    LastValue,
    LastValueAfterFinish,
)
from signoff.errors import InvalidUpdateError
from signoff.graph import END, START, StateGraph

TWO_VALUES = (
    "At key 'x': Can receive only one value per step. "
    "Use an Annotated key to handle multiple values."
)


def test_an_empty_last_value_has_nothing_to_read_or_store() -> None:
    channel = LastValue(int, key="x")
    assert not channel.is_available()
    assert channel.checkpoint() is MISSING
    with pytest.raises(EmptyChannelError):
        channel.get()


def test_a_step_without_writes_keeps_the_value_and_reports_no_change() -> None:
    channel = LastValue(int, key="x")
    assert channel.update([7]) is True
    assert channel.update([]) is False
    assert channel.get() == 7


def test_each_step_replaces_the_value() -> None:
    channel = LastValue(int, key="x")
    channel.update([1])
    channel.update([2])
    assert channel.get() == 2


def test_two_values_in_one_step_are_refused_with_langgraphs_message() -> None:
    channel = LastValue(int, key="x")
    channel.update([1])
    with pytest.raises(InvalidUpdateError) as raised:
        channel.update([2, 3])
    message = str(raised.value)
    assert message.splitlines()[0] == TWO_VALUES
    assert message.endswith("errors/INVALID_CONCURRENT_GRAPH_UPDATE")
    assert channel.get() == 1  # the refused step changed nothing


def test_checkpoint_round_trip_gives_an_independent_channel_with_the_same_key() -> None:
    channel = LastValue(dict, key="x")
    channel.update([{"a": 1}])
    restored = channel.from_checkpoint(channel.checkpoint())
    assert restored is not channel
    assert restored.get() == {"a": 1}
    assert restored.key == "x"
    restored.update([{"b": 2}])
    assert channel.get() == {"a": 1}


def test_from_checkpoint_of_missing_is_empty_even_when_the_spec_holds_a_value() -> None:
    spec = LastValue(int, key="x")
    spec.update([5])
    restored = spec.from_checkpoint(MISSING)
    assert not restored.is_available()
    assert spec.get() == 5


def test_copy_does_not_follow_later_updates() -> None:
    channel = LastValue(int, key="x")
    channel.update([1])
    copied = channel.copy()
    channel.update([2])
    assert copied.get() == 1


class _State(TypedDict, total=False):
    x: str


def test_two_parallel_nodes_writing_one_plain_key_fail_the_step() -> None:
    builder = StateGraph(_State)
    builder.add_node("left", lambda state: {"x": "L"})
    builder.add_node("right", lambda state: {"x": "R"})
    builder.add_edge(START, "left")
    builder.add_edge(START, "right")
    builder.add_edge("left", END)
    builder.add_edge("right", END)
    with pytest.raises(InvalidUpdateError) as raised:
        builder.compile().invoke({})
    assert str(raised.value).splitlines()[0] == TWO_VALUES


# --- EphemeralValue: edge triggers and the graph input, visible for one step -----------------


def test_ephemeral_value_is_cleared_by_the_next_step_that_does_not_write_it() -> None:
    channel = EphemeralValue(Any, key="branch:to:a")
    assert channel.update(["go"]) is True
    assert channel.get() == "go"
    assert channel.update([]) is True  # the clearing is a change (a version bump)
    assert not channel.is_available()
    assert channel.update([]) is False


def test_guarded_ephemeral_value_refuses_two_writes_and_unguarded_keeps_the_last() -> None:
    with pytest.raises(InvalidUpdateError, match="At key 'k': EphemeralValue"):
        EphemeralValue(Any, key="k").update([1, 2])
    loose = EphemeralValue(Any, key="k", guard=False)
    loose.update([1, 2])
    assert loose.get() == 2
    assert loose.fresh().update([3, 4]) is True  # `fresh` keeps guard=False


def test_ephemeral_value_is_marked_as_cleared_each_step_and_last_value_is_not() -> None:
    assert EphemeralValue.cleared_each_step is True
    assert LastValue.cleared_each_step is False


# --- AnyValue ---------------------------------------------------------------------------------


def test_any_value_keeps_the_last_of_several_writes_and_clears_on_an_empty_step() -> None:
    channel = AnyValue(Any, key="k")
    assert channel.update([1, 2, 3]) is True
    assert channel.get() == 3
    assert channel.update([]) is True
    assert not channel.is_available()


# --- LastValueAfterFinish: the trigger of a deferred node --------------------------------------


def test_after_finish_value_is_readable_only_after_finish_and_consumed_once() -> None:
    channel = LastValueAfterFinish(Any, key="branch:to:d")
    assert channel.finish() is False  # nothing written yet
    channel.update(["go"])
    assert not channel.is_available()
    with pytest.raises(EmptyChannelError):
        channel.get()
    assert channel.finish() is True
    assert channel.finish() is False
    assert channel.get() == "go"
    assert channel.consume() is True
    assert not channel.is_available()
    assert channel.consume() is False


def test_after_finish_checkpoint_round_trip_keeps_the_finished_flag() -> None:
    channel = LastValueAfterFinish(Any, key="branch:to:d")
    assert channel.checkpoint() is MISSING
    channel.update(["go"])
    pending = channel.from_checkpoint(channel.checkpoint())
    assert not pending.is_available()
    channel.finish()
    finished = channel.from_checkpoint(channel.checkpoint())
    assert finished.get() == "go"
    assert channel.from_checkpoint(MISSING).finish() is False


def test_a_new_write_after_finish_waits_for_the_next_finish() -> None:
    channel = LastValueAfterFinish(Any, key="branch:to:d")
    channel.update(["first"])
    channel.finish()
    channel.update(["second"])
    assert not channel.is_available()
    channel.finish()
    assert channel.get() == "second"
