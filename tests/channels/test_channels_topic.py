"""`signoff.channels.topic`: the channel `Send` packets travel in, one step at a time.

Pinned against LangGraph 1.2.22's `Topic` (same scenarios run under /work/lgvenv).
"""

from __future__ import annotations

import operator
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.channels import MISSING, EmptyChannelError, Topic
from signoff.graph import END, START, StateGraph
from signoff.types import Send


def test_an_empty_topic_has_nothing_to_read() -> None:
    topic = Topic(Any, key="t")
    assert not topic.is_available()
    with pytest.raises(EmptyChannelError):
        topic.get()
    assert topic.update([]) is False


def test_a_step_collects_every_write_and_flattens_lists() -> None:
    topic = Topic(Any, key="t")
    assert topic.update([1, [2, 3], 4]) is True
    assert topic.get() == [1, 2, 3, 4]


def test_each_step_replaces_the_previous_steps_values() -> None:
    topic = Topic(Any, key="t")
    topic.update([1, 2])
    topic.update([3])
    assert topic.get() == [3]


def test_a_step_without_writes_clears_it_once() -> None:
    topic = Topic(Any, key="t")
    topic.update([1])
    assert topic.update([]) is True
    assert not topic.is_available()
    assert topic.update([]) is False


def test_an_accumulating_topic_keeps_every_steps_values() -> None:
    topic = Topic(Any, key="t", accumulate=True)
    topic.update([1])
    topic.update([[2, 3]])
    assert topic.update([]) is False
    assert topic.get() == [1, 2, 3]
    assert topic.fresh().update([]) is False  # `fresh` keeps accumulate=True: nothing to clear


def test_checkpoint_round_trip_keeps_the_values_and_the_mode() -> None:
    topic = Topic(Any, key="t", accumulate=True)
    topic.update([1, 2])
    restored = topic.from_checkpoint(topic.checkpoint())
    assert restored.get() == [1, 2]
    restored.update([3])
    assert restored.get() == [1, 2, 3]
    assert topic.get() == [1, 2]


def test_an_emptied_topic_stores_nothing() -> None:
    topic = Topic(Any, key="t")
    topic.update([1])
    topic.update([])
    assert not topic.from_checkpoint(topic.checkpoint()).is_available()
    assert not topic.from_checkpoint(MISSING).is_available()


class _State(TypedDict, total=False):
    items: list[int]
    doubled: Annotated[list[int], operator.add]


def test_send_packets_written_in_one_step_all_run_in_the_next() -> None:
    def double(arg: dict[str, int]) -> dict[str, Any]:
        return {"doubled": [arg["n"] * 2]}

    builder = StateGraph(_State)
    builder.add_node("double", double)
    builder.add_conditional_edges(
        START, lambda state: [Send("double", {"n": n}) for n in state["items"]]
    )
    builder.add_edge("double", END)
    out = builder.compile().invoke({"items": [1, 2, 3]})
    assert out == {"items": [1, 2, 3], "doubled": [2, 4, 6]}
