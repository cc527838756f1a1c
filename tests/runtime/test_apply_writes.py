"""`signoff.runtime.apply`: a finished step's writes go into the channels in one fixed order.

Driven with the channels and nodes of a real compiled graph. The order of writes to a reducer key
is LangGraph 1.2.22's (checked by running the same graph under /work/lgvenv): PULL tasks by node
name, then PUSH (`Send`) tasks by packet index, whatever order the tasks finished in.
"""

from __future__ import annotations

import operator
import random
import threading
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.channels import MISSING, BaseChannel
from signoff.checkpoint.base import Checkpoint, empty_checkpoint
from signoff.constants import INTERRUPT, PULL, PUSH, TASKS
from signoff.errors import InvalidUpdateError
from signoff.graph import END, START, StateGraph
from signoff.graph.assemble import join_channel, trigger_channel
from signoff.runtime.apply import apply_writes, ephemeral_channels, finish_channels
from signoff.runtime.plan import Task
from signoff.types import Interrupt, Send


class State(TypedDict, total=False):
    topic: str
    notes: Annotated[list[str], operator.add]


def _node(state: State) -> State:
    return {}


def compiled() -> Any:
    builder = StateGraph(State)
    for name in ("alpha", "beta", "join", "worker"):
        builder.add_node(name, _node)
    builder.add_node("later", _node, defer=True)
    builder.add_edge(START, "alpha")
    builder.add_edge(START, "beta")
    builder.add_edge(["alpha", "beta"], "join")
    builder.add_edge("join", "later")
    builder.add_edge("worker", END)
    return builder.compile()


def bump(current: Any, channel: str) -> int:
    return 1 if current is None else int(current) + 1


def setup() -> tuple[Any, Checkpoint, dict[str, BaseChannel]]:
    graph = compiled()
    channels = {k: spec.from_checkpoint(MISSING) for k, spec in graph.channels.items()}
    checkpoint = empty_checkpoint()
    return graph, checkpoint, channels


def pull(graph: Any, name: str, *writes: tuple[str, Any]) -> Task:
    node = graph.nodes[name]
    return Task(
        id=f"id-{name}",
        name=name,
        node=node,
        input=None,
        path=(PULL, name),
        triggers=node.triggers,
        checkpoint_ns="",
        writes=list(writes),
    )


def push(graph: Any, index: int, *writes: tuple[str, Any]) -> Task:
    return Task(
        id=f"id-push-{index}",
        name="worker",
        node=graph.nodes["worker"],
        input=index,
        path=(PUSH, index, False),
        triggers=(PUSH,),
        checkpoint_ns="",
        send=Send("worker", index),
        writes=list(writes),
    )


def test_every_written_channel_gets_one_new_version_above_all_others() -> None:
    graph, checkpoint, channels = setup()
    checkpoint["channel_versions"].update({"topic": 4, "notes": 2})
    updated = apply_writes(
        checkpoint,
        channels,
        [pull(graph, "alpha", ("notes", ["a"])), pull(graph, "beta", ("topic", "t"))],
        bump,
        graph.ephemeral,
    )
    assert updated == {"notes", "topic"}
    assert checkpoint["channel_versions"] == {"topic": 5, "notes": 5}
    assert checkpoint["updated_channels"] == ["notes", "topic"]
    assert channels["notes"].get() == ["a"]
    assert channels["topic"].get() == "t"


def test_a_pull_task_records_the_trigger_versions_it_ran_for_without_touching_the_old_dict() -> (
    None
):
    graph, checkpoint, channels = setup()
    trigger = trigger_channel("alpha")
    channels[trigger].update([None])
    checkpoint["channel_versions"][trigger] = 3
    old_seen: dict[str, Any] = {trigger: 1}
    checkpoint["versions_seen"]["alpha"] = old_seen
    apply_writes(checkpoint, channels, [pull(graph, "alpha")], bump, graph.ephemeral)
    assert checkpoint["versions_seen"]["alpha"] == {trigger: 3}
    assert old_seen == {trigger: 1}  # an earlier checkpoint may still share that dict


def test_push_tasks_record_no_versions_seen() -> None:
    graph, checkpoint, channels = setup()
    apply_writes(checkpoint, channels, [push(graph, 0, ("notes", ["w"]))], bump, graph.ephemeral)
    assert "worker" not in checkpoint["versions_seen"]
    assert channels["notes"].get() == ["w"]


def test_ephemeral_channels_not_written_by_the_step_are_cleared_with_a_new_version() -> None:
    graph, checkpoint, channels = setup()
    stale = trigger_channel("alpha")
    channels[stale].update([None])
    checkpoint["channel_versions"][stale] = 1
    packets = channels[TASKS]
    packets.update([Send("worker", 1)])
    checkpoint["channel_versions"][TASKS] = 1
    task = pull(graph, "alpha", (trigger_channel("beta"), None))
    updated = apply_writes(checkpoint, channels, [task], bump, graph.ephemeral)
    assert not channels[stale].is_available()
    assert not packets.is_available()
    assert channels[trigger_channel("beta")].is_available()
    assert {stale, TASKS, trigger_channel("beta")} <= updated
    assert checkpoint["channel_versions"][stale] == 2


def test_a_step_without_tasks_clears_nothing() -> None:
    graph, checkpoint, channels = setup()
    trigger = trigger_channel("alpha")
    channels[trigger].update([None])
    checkpoint["channel_versions"][trigger] = 1
    assert apply_writes(checkpoint, channels, [], bump, graph.ephemeral) == set()
    assert channels[trigger].is_available()


def test_ephemeral_channels_are_the_triggers_the_input_and_the_send_topic() -> None:
    graph = compiled()
    names = set(ephemeral_channels(graph.channels))
    assert {START, TASKS, trigger_channel("alpha"), trigger_channel("worker")} <= names
    assert "topic" not in names and "notes" not in names
    assert join_channel(("alpha", "beta"), "join") not in names


def test_a_join_is_consumed_by_the_task_it_triggered() -> None:
    graph, checkpoint, channels = setup()
    join = join_channel(("alpha", "beta"), "join")
    apply_writes(
        checkpoint,
        channels,
        [pull(graph, "alpha", (join, "alpha")), pull(graph, "beta", (join, "beta"))],
        bump,
        graph.ephemeral,
    )
    assert channels[join].is_available()
    before = int(checkpoint["channel_versions"][join])
    updated = apply_writes(checkpoint, channels, [pull(graph, "join")], bump, graph.ephemeral)
    assert join in updated
    assert not channels[join].is_available()
    assert int(checkpoint["channel_versions"][join]) > before


def test_writes_that_record_outcomes_or_name_unknown_channels_change_nothing() -> None:
    graph, checkpoint, channels = setup()
    task = pull(graph, "alpha", (INTERRUPT, [Interrupt("q", "i")]), ("not_a_channel", 1))
    assert apply_writes(checkpoint, channels, [task], bump, ()) == set()
    assert checkpoint["channel_versions"] == {}


def test_parallel_writes_to_a_reducer_key_apply_pull_by_name_then_push_by_index() -> None:
    graph, checkpoint, channels = setup()
    tasks = [
        *(push(graph, i, ("notes", [f"send{i}"])) for i in range(12)),
        pull(graph, "beta", ("notes", ["beta"])),
        pull(graph, "alpha", ("notes", ["alpha"])),
    ]
    expected = ["alpha", "beta", *(f"send{i}" for i in range(12))]  # send10 after send9
    for seed in range(5):
        _, checkpoint, channels = setup()
        shuffled = list(tasks)
        random.Random(seed).shuffle(shuffled)
        apply_writes(checkpoint, channels, shuffled, bump, graph.ephemeral)
        assert channels["notes"].get() == expected


def test_two_tasks_writing_one_plain_key_fail_the_step() -> None:
    graph, checkpoint, channels = setup()
    with pytest.raises(InvalidUpdateError, match="At key 'topic'"):
        apply_writes(
            checkpoint,
            channels,
            [pull(graph, "alpha", ("topic", "a")), pull(graph, "beta", ("topic", "b"))],
            bump,
            graph.ephemeral,
        )


def test_finish_opens_deferred_triggers_with_a_new_version() -> None:
    graph, checkpoint, channels = setup()
    deferred = trigger_channel("later")
    apply_writes(
        checkpoint, channels, [pull(graph, "join", (deferred, None))], bump, graph.ephemeral
    )
    assert not channels[deferred].is_available()
    written = int(checkpoint["channel_versions"][deferred])
    assert finish_channels(checkpoint, channels, bump) == {deferred}
    assert channels[deferred].is_available()
    assert int(checkpoint["channel_versions"][deferred]) > written
    assert finish_channels(checkpoint, channels, bump) == set()


class Log(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def test_in_a_graph_the_order_does_not_depend_on_which_parallel_node_finishes_first() -> None:
    """`zeta` finishes first, `alpha` only after it; `alpha`'s write still comes first."""
    zeta_done = threading.Event()

    def alpha(state: Log) -> Log:
        assert zeta_done.wait(5), "zeta never ran beside alpha"
        return {"log": ["alpha"]}

    def zeta(state: Log) -> Log:
        zeta_done.set()
        return {"log": ["zeta"]}

    def worker(n: int) -> Log:
        return {"log": [f"w{n}"]}

    builder = StateGraph(Log)
    builder.add_node("zeta", zeta)
    builder.add_node("alpha", alpha)
    builder.add_node("worker", worker)
    builder.add_conditional_edges(
        START, lambda state: [Send("worker", n) for n in (0, 1)] + ["zeta", "alpha"]
    )
    assert builder.compile().invoke({"log": []}) == {"log": ["alpha", "zeta", "w0", "w1"]}
