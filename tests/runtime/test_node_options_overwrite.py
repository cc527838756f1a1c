"""`Overwrite(value)`: write a reducer key directly, bypassing its reducer, once per step."""

from __future__ import annotations

import operator
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.channels import BinaryOperatorAggregate
from signoff.checkpoint.memory import InMemorySaver
from signoff.errors import InvalidUpdateError
from signoff.graph import START, StateGraph
from signoff.types import Overwrite


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    total: Annotated[int, operator.add]


def channel(value: Any = None) -> BinaryOperatorAggregate:
    ch = BinaryOperatorAggregate(list, operator.add, key="log")
    if value is not None:
        ch.update([value])
    return ch


@pytest.mark.parametrize(
    "write",
    [Overwrite(["new"]), {"__overwrite__": ["new"]}, {"type": "__overwrite__", "value": ["new"]}],
    ids=["Overwrite", "sentinel-dict", "json-form"],
)
def test_every_spelling_replaces_the_value(write: Any) -> None:
    ch = channel(["old"])
    assert ch.update([write]) is True
    assert ch.get() == ["new"]


def test_an_overwrite_wins_over_plain_writes_of_its_step_in_any_order() -> None:
    before = channel(["old"])
    before.update([["a"], Overwrite(["new"]), ["b"]])
    assert before.get() == ["new"]
    after = channel(["old"])
    after.update([Overwrite(["new"]), ["b"]])
    assert after.get() == ["new"]


def test_two_overwrites_in_one_step_are_refused() -> None:
    ch = channel(["old"])
    with pytest.raises(InvalidUpdateError, match="only one Overwrite value per super-step"):
        ch.update([Overwrite(["a"]), {"__overwrite__": ["b"]}])


def test_an_overwrite_into_an_empty_channel_is_unwrapped_and_still_wins() -> None:
    ch = BinaryOperatorAggregate(Any, operator.add, key="total")  # no empty value: starts unset
    assert not ch.is_available()
    assert ch.update([Overwrite(5), 1]) is True
    assert ch.get() == 5


def test_a_dict_that_only_looks_like_an_overwrite_is_reduced() -> None:
    ch = BinaryOperatorAggregate(dict, operator.or_, key="d")
    ch.update([{"__overwrite__": 1, "other": 2}])
    assert ch.get() == {"__overwrite__": 1, "other": 2}


def build(*nodes: Any, parallel: bool = False) -> Any:
    builder = StateGraph(State)
    previous = START
    for fn in nodes:
        builder.add_node(fn.__name__, fn)
        builder.add_edge(START if parallel else previous, fn.__name__)
        previous = fn.__name__
    return builder.compile(checkpointer=InMemorySaver())


def test_in_a_graph_overwrite_resets_a_reducer_key_and_is_checkpointed() -> None:
    def add(state: State) -> dict[str, Any]:
        return {"log": ["add"], "total": 3}

    def reset(state: State) -> dict[str, Any]:
        return {"log": Overwrite(["reset"]), "total": Overwrite(0)}

    def again(state: State) -> dict[str, Any]:
        return {"log": ["again"], "total": 1}

    graph = build(add, reset, again)
    config = {"configurable": {"thread_id": "t"}}
    assert graph.invoke({"log": ["in"], "total": 1}, config) == {
        "log": ["reset", "again"],
        "total": 1,
    }
    values = [h.values for h in graph.get_state_history(config)]
    assert {"log": ["reset"], "total": 0} in values


def test_two_nodes_overwriting_in_one_step_fail_the_step() -> None:
    def first(state: State) -> dict[str, Any]:
        return {"log": Overwrite(["first"])}

    def second(state: State) -> dict[str, Any]:
        return {"log": Overwrite(["second"])}

    graph = build(first, second, parallel=True)
    with pytest.raises(InvalidUpdateError, match="only one Overwrite"):
        graph.invoke({"log": []}, {"configurable": {"thread_id": "t"}})


def test_overwrite_as_graph_input() -> None:
    def add(state: State) -> dict[str, Any]:
        return {"log": ["add"]}

    graph = build(add)
    config = {"configurable": {"thread_id": "t"}}
    graph.invoke({"log": ["a", "b"]}, config)
    assert graph.invoke({"log": Overwrite(["fresh"])}, config)["log"] == ["fresh", "add"]
