"""`signoff.channels.barrier`: `add_edge([a, b], c)` makes `c` wait until `a` and `b` have run.

Pinned against LangGraph 1.2.22's `NamedBarrierValue` (same scenarios run under /work/lgvenv).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Annotated

import pytest
from typing_extensions import TypedDict

from signoff.channels import MISSING, EmptyChannelError, NamedBarrierValue
from signoff.errors import InvalidUpdateError
from signoff.graph import END, START, StateGraph


def barrier(*, after_finish: bool = False) -> NamedBarrierValue:
    return NamedBarrierValue({"a", "b"}, key="join:a+b:c", after_finish=after_finish)


def test_the_barrier_opens_only_when_every_source_has_written() -> None:
    channel = barrier()
    with pytest.raises(EmptyChannelError):
        channel.get()
    assert channel.update(["a"]) is True
    assert not channel.is_available()
    assert channel.update(["a"]) is False  # the same source again is no change
    assert channel.update(["b"]) is True
    assert channel.is_available()
    assert channel.get() is None


def test_a_write_from_a_source_it_does_not_wait_for_is_refused_naming_the_key() -> None:
    with pytest.raises(InvalidUpdateError, match=r"At key 'join:a\+b:c': Value z not in"):
        barrier().update(["z"])


def test_consume_closes_the_barrier_for_the_next_round() -> None:
    channel = barrier()
    assert channel.consume() is False  # not open: nothing to consume
    channel.update(["a", "b"])
    assert channel.consume() is True
    assert not channel.is_available()
    channel.update(["a"])
    assert not channel.is_available()


def test_checkpoint_round_trip_remembers_which_sources_have_written() -> None:
    channel = barrier()
    channel.update(["a"])
    restored = channel.from_checkpoint(channel.checkpoint())
    assert restored.checkpoint() == {"a"}
    restored.update(["b"])
    assert restored.is_available()
    assert not channel.is_available()  # the original is untouched
    assert channel.from_checkpoint(MISSING).checkpoint() == set()


def test_a_deferred_barrier_waits_for_finish_and_stores_the_flag() -> None:
    channel = barrier(after_finish=True)
    channel.update(["a", "b"])
    assert not channel.is_available()
    assert channel.from_checkpoint(channel.checkpoint()).finish() is True
    assert channel.finish() is True
    assert channel.finish() is False
    assert channel.is_available()
    assert channel.from_checkpoint(channel.checkpoint()).is_available()
    assert channel.consume() is True
    assert not channel.is_available()


class _State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def test_a_join_node_runs_once_after_its_slowest_source() -> None:
    def step(name: str) -> Callable[[_State], _State]:
        return lambda state: {"log": [name]}

    builder = StateGraph(_State)
    for name in ("a", "b1", "b2", "c"):
        builder.add_node(name, step(name))
    builder.add_edge(START, "a")
    builder.add_edge(START, "b1")
    builder.add_edge("b1", "b2")
    builder.add_edge(["a", "b2"], "c")
    builder.add_edge("c", END)
    assert builder.compile().invoke({"log": []}) == {"log": ["a", "b1", "b2", "c"]}
