"""`signoff.runtime.plan`: which tasks a step runs, under which ids, with what input.

The planner is driven here with the channels and nodes of a real compiled graph, set by hand to
the state a step would start from.
"""

from __future__ import annotations

import operator
import uuid
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.channels import MISSING, BaseChannel
from signoff.checkpoint.base import Checkpoint, empty_checkpoint
from signoff.checkpoint.memory import InMemorySaver
from signoff.constants import PULL, PUSH, TASKS
from signoff.graph import END, START, StateGraph
from signoff.graph.assemble import trigger_channel
from signoff.runtime.plan import candidates_for, plan_tasks, task_id, trigger_index
from signoff.types import Send, interrupt


class State(TypedDict, total=False):
    topic: str
    notes: Annotated[list[str], operator.add]


def _node(state: State) -> State:
    return {}


def compiled() -> Any:
    builder = StateGraph(State)
    for name in ("beta", "alpha", "worker"):  # declared out of name order on purpose
        builder.add_node(name, _node)
    builder.add_edge(START, "beta")
    builder.add_edge(START, "alpha")
    builder.add_edge("beta", END)
    builder.add_edge("alpha", END)
    builder.add_edge("worker", END)
    return builder.compile()


def empty_channels(graph: Any) -> dict[str, BaseChannel]:
    return {k: spec.from_checkpoint(MISSING) for k, spec in graph.channels.items()}


def write(checkpoint: Checkpoint, channels: dict[str, BaseChannel], key: str, *values: Any) -> None:
    """Put `values` into channel `key` as a finished step would, at the next version."""
    versions = checkpoint["channel_versions"]
    channels[key].update(list(values))
    versions[key] = max((int(v) for v in versions.values()), default=0) + 1


def triggered(*names: str) -> tuple[Any, Checkpoint, dict[str, BaseChannel]]:
    graph = compiled()
    checkpoint = empty_checkpoint()
    channels = empty_channels(graph)
    write(checkpoint, channels, "topic", "ducks")
    for name in names:
        write(checkpoint, channels, trigger_channel(name), None)
    return graph, checkpoint, channels


def test_task_ids_are_the_same_whenever_a_step_is_planned_from_the_same_checkpoint() -> None:
    graph, checkpoint, channels = triggered("alpha", "beta")
    first = plan_tasks(checkpoint, channels, graph.nodes, 3, "")
    restored = {k: ch.from_checkpoint(ch.checkpoint()) for k, ch in channels.items()}
    again = plan_tasks(checkpoint, restored, graph.nodes, 3, "")
    assert [t.id for t in first] == [t.id for t in again]
    assert len({t.id for t in first}) == 2
    for task in first:
        assert str(uuid.UUID(task.id)) == task.id


def test_task_ids_change_with_the_checkpoint_the_step_and_the_namespace() -> None:
    graph, checkpoint, channels = triggered("alpha")
    (base,) = plan_tasks(checkpoint, channels, graph.nodes, 3, "")
    (next_step,) = plan_tasks(checkpoint, channels, graph.nodes, 4, "")
    (nested,) = plan_tasks(checkpoint, channels, graph.nodes, 3, "outer:1")
    other = Checkpoint(**{**checkpoint, "id": str(uuid.uuid4())})
    (other_checkpoint,) = plan_tasks(other, channels, graph.nodes, 3, "")
    assert len({base.id, next_step.id, nested.id, other_checkpoint.id}) == 4


def test_task_id_depends_on_every_part() -> None:
    ids = {
        task_id("cid", "", 1, "node", PULL, "node"),
        task_id("cid2", "", 1, "node", PULL, "node"),
        task_id("cid", "ns", 1, "node", PULL, "node"),
        task_id("cid", "", 2, "node", PULL, "node"),
        task_id("cid", "", 1, "other", PULL, "node"),
        task_id("cid", "", 1, "node", PUSH, "node"),
        task_id("cid", "", 1, "node", PULL, 0),
    }
    assert len(ids) == 7


def test_a_pull_task_reads_the_available_state_keys_and_is_named_by_its_path() -> None:
    graph, checkpoint, channels = triggered("alpha")
    (task,) = plan_tasks(checkpoint, channels, graph.nodes, 0, "")
    assert task.name == "alpha"
    assert task.path == (PULL, "alpha")
    assert task.input == {"topic": "ducks", "notes": []}  # notes: a reducer's empty value
    assert task.triggers == (trigger_channel("alpha"),)
    assert task.checkpoint_ns == f"alpha:{task.id}"
    assert task.send is None


def test_a_subgraph_task_namespace_is_nested_under_its_parent() -> None:
    graph, checkpoint, channels = triggered("alpha")
    (task,) = plan_tasks(checkpoint, channels, graph.nodes, 0, "outer:abc")
    assert task.checkpoint_ns == f"outer:abc|alpha:{task.id}"


def test_send_packets_become_push_tasks_before_pull_tasks_in_packet_order() -> None:
    graph, checkpoint, channels = triggered("beta", "alpha")
    packets = [Send("worker", {"n": n}) for n in range(3)]
    write(checkpoint, channels, TASKS, *packets)
    tasks = plan_tasks(checkpoint, channels, graph.nodes, 0, "")
    assert [t.path for t in tasks] == [
        (PUSH, 0, False),
        (PUSH, 1, False),
        (PUSH, 2, False),
        (PULL, "beta"),  # without candidates: declaration order
        (PULL, "alpha"),
    ]
    for packet, task in zip(packets, tasks[:3], strict=True):
        assert task.name == "worker"
        assert task.send is packet
        assert task.input == packet.arg  # the packet's argument, not the state
        assert task.triggers == (PUSH,)


def test_a_send_to_a_node_the_graph_lacks_is_skipped_when_planning() -> None:
    graph, checkpoint, channels = triggered()
    write(checkpoint, channels, TASKS, Send("gone", 1), Send("worker", 2))
    (task,) = plan_tasks(checkpoint, channels, graph.nodes, 0, "")
    assert (task.name, task.path) == ("worker", (PUSH, 1, False))


def test_a_node_runs_only_when_a_trigger_changed_since_it_last_ran() -> None:
    graph, checkpoint, channels = triggered("alpha", "beta")
    trigger = trigger_channel("alpha")
    version = int(checkpoint["channel_versions"][trigger])
    checkpoint["versions_seen"]["alpha"] = {trigger: version}
    assert [t.name for t in plan_tasks(checkpoint, channels, graph.nodes, 0, "")] == ["beta"]
    checkpoint["versions_seen"]["alpha"] = {trigger: version - 1}
    names = [t.name for t in plan_tasks(checkpoint, channels, graph.nodes, 0, "")]
    assert names == ["beta", "alpha"]


def test_a_versioned_but_empty_trigger_does_not_run_its_node() -> None:
    graph, checkpoint, channels = triggered("alpha")
    channels[trigger_channel("alpha")].update([])  # cleared by the step after it was written
    assert plan_tasks(checkpoint, channels, graph.nodes, 0, "") == []


def test_a_state_key_changing_does_not_trigger_nodes() -> None:
    graph, checkpoint, channels = triggered()
    write(checkpoint, channels, "notes", ["x"])
    assert plan_tasks(checkpoint, channels, graph.nodes, 0, "") == []


def test_candidates_limit_planning_to_nodes_of_updated_channels_in_name_order() -> None:
    graph, checkpoint, channels = triggered("alpha", "beta", "worker")
    index = trigger_index(graph.nodes)
    updated = [trigger_channel("worker"), trigger_channel("beta")]
    candidates = candidates_for(updated, index)
    assert candidates == {"worker", "beta"}
    tasks = plan_tasks(checkpoint, channels, graph.nodes, 0, "", candidates)
    assert [t.name for t in tasks] == ["beta", "worker"]
    assert candidates_for(None, index) is None


def test_the_task_id_seen_while_running_is_the_one_planned_again_from_the_checkpoint() -> None:
    def ask(state: State) -> State:
        return {"topic": interrupt("Topic?")}

    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "ids"}}
    started = [
        chunk["id"]
        for chunk in graph.stream({}, config, stream_mode="tasks")
        if "input" in chunk and chunk["name"] == "ask"
    ]
    paused = graph.get_state(config)
    assert started == [paused.tasks[0].id]
    assert graph.get_state(config).tasks[0].id == paused.tasks[0].id
