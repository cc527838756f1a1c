"""`durability=`: "sync" and "async" store every step's checkpoint; "exit" stores only the last,
with the writes of its unfinished step, whether the run finishes, pauses, fails, is drained or is
abandoned — on every saver."""

from __future__ import annotations

import operator
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.postgres import PostgresSaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.errors import GraphDrained
from signoff.graph import START, StateGraph
from signoff.runtime import RunControl
from signoff.types import Command, interrupt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checkpoint"))
from postgres_support import pg_url

__all__ = ["pg_url"]  # a fixture


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    if request.param == "memory":
        yield InMemorySaver()
    elif request.param == "sqlite":
        with SqliteSaver.from_conn_string(str(tmp_path / "t.db")) as sqlite:
            yield sqlite
    else:
        url = request.getfixturevalue("pg_url")
        with PostgresSaver.from_conn_string(url) as postgres:
            postgres.setup()
            yield postgres


def build(saver: BaseCheckpointSaver, middle: Any = None, **options: Any) -> Any:
    def step(name: str) -> Any:
        def fn(state: State) -> dict[str, Any]:
            return {"log": [name]}

        return fn

    builder = StateGraph(State)
    builder.add_node("a", step("a"))
    builder.add_node("b", middle or step("b"))
    builder.add_node("c", step("c"))
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("b", "c")
    return builder.compile(checkpointer=saver, **options)


def steps(graph: Any, config: Any) -> list[tuple[int, tuple[str, ...]]]:
    return [(h.metadata["step"], h.next) for h in graph.get_state_history(config)]


@pytest.mark.parametrize("durability", ["sync", "async"])
def test_sync_and_async_store_every_step(saver: BaseCheckpointSaver, durability: str) -> None:
    graph = build(saver)
    config = {"configurable": {"thread_id": durability}}
    graph.invoke({"log": []}, config, durability=durability)
    assert steps(graph, config) == [
        (3, ()),
        (2, ("c",)),
        (1, ("b",)),
        (0, ("a",)),
        (-1, ("__start__",)),
    ]


def test_exit_stores_the_last_checkpoint_only(saver: BaseCheckpointSaver) -> None:
    graph = build(saver)
    config = {"configurable": {"thread_id": "exit"}}
    assert graph.invoke({"log": []}, config, durability="exit") == {"log": ["a", "b", "c"]}
    [last] = graph.get_state_history(config)
    assert (last.metadata["step"], last.next, last.parent_config) == (3, (), None)
    assert last.values == {"log": ["a", "b", "c"]}


def test_exit_pause_keeps_the_question_and_resumes(saver: BaseCheckpointSaver) -> None:
    def ask(state: State) -> dict[str, Any]:
        return {"log": ["b:" + interrupt("go?")]}

    graph = build(saver, ask)
    config = {"configurable": {"thread_id": "pause"}}
    paused = graph.invoke({"log": []}, config, durability="exit")
    [question] = paused["__interrupt__"]
    state = graph.get_state(config)
    assert (state.next, [i.id for i in state.interrupts]) == (("b",), [question.id])
    assert [p.interrupt_id for p in saver.pending_interrupts()] == [question.id]
    assert graph.invoke(Command(resume="yes"), config, durability="exit") == {
        "log": ["a", "b:yes", "c"]
    }
    assert steps(graph, config) == [(3, ()), (1, ("b",))]


def test_exit_failure_keeps_the_error_of_the_failed_step(saver: BaseCheckpointSaver) -> None:
    def boom(state: State) -> dict[str, Any]:
        raise ValueError("boom")

    graph = build(saver, boom)
    config = {"configurable": {"thread_id": "fail"}}
    with pytest.raises(ValueError, match="boom"):
        graph.invoke({"log": []}, config, durability="exit")
    state = graph.get_state(config)
    assert (state.metadata["step"], state.next) == (1, ("b",))
    assert "boom" in str(state.tasks[0].error)


def test_exit_drain_and_abandoned_stream_store_progress(saver: BaseCheckpointSaver) -> None:
    control = RunControl()

    def b(state: State) -> dict[str, Any]:
        control.request_drain()
        return {"log": ["b"]}

    graph = build(saver, b)
    config = {"configurable": {"thread_id": "drain"}}
    with pytest.raises(GraphDrained):
        graph.invoke({"log": []}, config, durability="exit", control=control)
    assert steps(graph, config) == [(2, ("c",))]
    assert graph.invoke(None, config, durability="exit") == {"log": ["a", "b", "c"]}

    graph = build(saver)
    config = {"configurable": {"thread_id": "abandoned"}}
    for _ in graph.stream({"log": []}, config, durability="exit", stream_mode="updates"):
        break
    assert steps(graph, config) == [(1, ("b",))]


async def test_exit_in_async_runs(saver: BaseCheckpointSaver) -> None:
    graph = build(saver)
    config = {"configurable": {"thread_id": "async-exit"}}
    assert await graph.ainvoke({"log": []}, config, durability="exit") == {"log": ["a", "b", "c"]}
    [last] = [s async for s in graph.aget_state_history(config)]
    assert last.metadata["step"] == 3


def test_exit_pause_keeps_finished_siblings_and_task_results(saver: BaseCheckpointSaver) -> None:
    from signoff.func import task

    calls: list[str] = []

    @task
    def lookup(n: int) -> int:
        calls.append(f"lookup{n}")
        return n * 10

    def sibling(state: State) -> dict[str, Any]:
        calls.append("sibling")
        return {"log": ["sibling"]}

    def ask(state: State) -> dict[str, Any]:
        found = lookup(4).result()
        return {"log": [f"{found}:" + interrupt("ok?")]}

    builder = StateGraph(State)
    builder.add_node("sibling", sibling)
    builder.add_node("ask", ask)
    builder.add_edge(START, "sibling")
    builder.add_edge(START, "ask")
    graph = builder.compile(checkpointer=saver)
    config = {"configurable": {"thread_id": "siblings"}}
    graph.invoke({"log": []}, config, durability="exit")
    done = graph.invoke(Command(resume="yes"), config, durability="exit")
    assert done == {"log": ["40:yes", "sibling"]}
    assert sorted(calls) == ["lookup4", "sibling"]


def test_exit_store_stores_what_a_claim_is_against_before_the_claim() -> None:
    """An answer's claim is made at once, never batched at the exit: a claim against a held-back
    checkpoint first gets that checkpoint (and its held writes) stored."""
    from signoff.checkpoint._records import empty_checkpoint
    from signoff.runtime.durability import ExitStore
    from signoff.runtime.effects import Call

    store = ExitStore(InMemorySaver())
    parent = {"configurable": {"thread_id": "t", "checkpoint_ns": ""}}
    checkpoint = empty_checkpoint()
    taken, at = store.take(Call("put", (parent, checkpoint, {"step": 0}, {})))
    assert taken
    claim = Call("put_answers", (at, []))
    assert store.take(claim) == (False, None)
    batch = store.ready(claim)
    assert [method for method, _ in batch] == ["put"]
    assert batch[0][1][1]["id"] == checkpoint["id"]
    assert not store.holds(at)  # stored now: later writes against it are made, not dropped
    assert store.finish() == []
