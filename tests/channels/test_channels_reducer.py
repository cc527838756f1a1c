"""`signoff.channels.reducer`: `Annotated[T, reducer]` keys fold every write of a step.

Pinned against LangGraph 1.2.22's `BinaryOperatorAggregate` (same scenarios run under
/work/lgvenv): the empty value comes from the type, writes fold in the order given, `Overwrite`
replaces, and a reducer's own exception propagates unchanged.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.channels import MISSING, BinaryOperatorAggregate, EmptyChannelError
from signoff.errors import InvalidUpdateError
from signoff.graph import START, StateGraph
from signoff.types import Overwrite


def test_the_empty_value_is_built_from_the_type() -> None:
    assert BinaryOperatorAggregate(list, operator.add, key="log").get() == []
    assert BinaryOperatorAggregate(int, operator.add, key="n").get() == 0
    assert BinaryOperatorAggregate(Sequence[str], operator.add, key="s").get() == []
    assert BinaryOperatorAggregate(list[int], operator.add, key="l").get() == []


class _NeedsArgument:
    def __init__(self, required: int) -> None:
        self.required = required


def test_a_type_without_an_empty_value_starts_empty_and_takes_its_first_write_as_is() -> None:
    channel = BinaryOperatorAggregate(_NeedsArgument, operator.add, key="k")
    assert not channel.is_available()
    with pytest.raises(EmptyChannelError):
        channel.get()
    assert channel.update([1, 2, 3]) is True
    assert channel.get() == 6  # 1 taken as is, then 1+2, then 3+3


def test_writes_fold_in_the_order_given() -> None:
    channel = BinaryOperatorAggregate(list, operator.add, key="log")
    assert channel.update([["a"], ["b"]]) is True
    assert channel.update([["c"]]) is True
    assert channel.get() == ["a", "b", "c"]


def test_a_step_without_writes_is_no_change() -> None:
    channel = BinaryOperatorAggregate(list, operator.add, key="log")
    channel.update([["a"]])
    assert channel.update([]) is False
    assert channel.get() == ["a"]


def test_checkpoint_round_trip_continues_folding_from_the_stored_value() -> None:
    channel = BinaryOperatorAggregate(list, operator.add, key="log")
    channel.update([["a"]])
    restored = channel.from_checkpoint(channel.checkpoint())
    assert restored.key == "log"
    restored.update([["b"]])
    assert restored.get() == ["a", "b"]
    assert channel.get() == ["a"]
    assert channel.from_checkpoint(MISSING).get() == []


@pytest.mark.parametrize(
    "write",
    [Overwrite(["x"]), {"__overwrite__": ["x"]}, {"type": "__overwrite__", "value": ["x"]}],
    ids=["Overwrite", "dict", "json"],
)
def test_overwrite_replaces_earlier_writes_of_the_step_and_later_ones_are_dropped(
    write: Any,
) -> None:
    channel = BinaryOperatorAggregate(list, operator.add, key="log")
    channel.update([["old"]])
    assert channel.update([["before"], write, ["after"]]) is True
    assert channel.get() == ["x"]
    channel.update([["next step"]])
    assert channel.get() == ["x", "next step"]


def test_two_overwrites_in_one_step_are_refused_with_langgraphs_message() -> None:
    channel = BinaryOperatorAggregate(list, operator.add, key="log")
    with pytest.raises(InvalidUpdateError) as raised:
        channel.update([Overwrite([1]), Overwrite([2])])
    assert (
        str(raised.value).splitlines()[0] == "Can receive only one Overwrite value per super-step."
    )


def test_a_reducer_that_raises_propagates_its_own_exception() -> None:
    def refuse(current: list[Any], update: list[Any]) -> list[Any]:
        raise KeyError("refused")

    channel = BinaryOperatorAggregate(list, refuse, key="log")
    with pytest.raises(KeyError, match="refused"):
        channel.update([["a"]])


def _extend(current: list[Any], update: list[Any]) -> list[Any]:
    current.extend(update)  # a reducer that mutates in place, as user reducers may
    return current


def test_each_fresh_channel_gets_its_own_empty_value() -> None:
    spec = BinaryOperatorAggregate(list, _extend, key="log")
    first = spec.from_checkpoint(MISSING)
    first.update([["leaked"]])
    assert spec.from_checkpoint(MISSING).get() == []


class _Log(TypedDict, total=False):
    log: Annotated[list[str], _extend]


def test_an_in_place_reducer_does_not_leak_state_between_runs() -> None:
    builder = StateGraph(_Log)
    builder.add_node("node", lambda state: {"log": ["node"]})
    builder.add_edge(START, "node")
    graph = builder.compile()
    assert graph.invoke({}) == {"log": ["node"]}
    assert graph.invoke({}) == {"log": ["node"]}
