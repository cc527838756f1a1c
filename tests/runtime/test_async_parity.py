"""The async driver (`runtime/aio.py`) and the sync one (`runtime/sync.py`) carry out one loop:
the same graph gives the same outputs and stream chunks through `ainvoke`/`astream` as through
`invoke`/`stream`, interrupts and resumes included; parallel async nodes really run together.

Concurrency is proven with handshakes (each parallel node waits for the other to have started),
never with timings; a `wait_for` bound only turns a missing overlap into a failure, not a hang.
"""

from __future__ import annotations

import asyncio
import operator
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.config import get_stream_writer
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Interrupt, Send, interrupt

MODES = ["values", "updates", "custom"]
HANDSHAKE = 5.0
"""Seconds a parallel node waits for its partner before the test fails (instead of hanging)."""


@pytest.fixture(params=["memory", "sqlite"])
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    if request.param == "memory":
        yield InMemorySaver()
        return
    with SqliteSaver.from_conn_string(str(tmp_path / "parity.db")) as sqlite:
        yield sqlite


def shown(value: Any) -> Any:
    """`value` with each `Interrupt` as (value, id is well formed): ids name the thread's tasks,
    so the same run on two threads has different ids."""
    if isinstance(value, Interrupt):
        return ("Interrupt", value.value, len(value.id) == 32)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(shown(v) for v in value)
    return value


def config(thread: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": thread}}


class Draft(TypedDict, total=False):
    topic: str
    draft: str
    verdict: str
    log: Annotated[list[str], operator.add]


def write_sync(state: Draft) -> Draft:
    get_stream_writer()({"progress": "writing"})
    return {"draft": f"about {state['topic']}", "log": ["write"]}


def review_sync(state: Draft) -> Draft:
    verdict = interrupt({"question": "Publish?", "draft": state["draft"]})
    second = interrupt("Really?")
    return {"verdict": f"{verdict}/{second}", "log": ["review"]}


async def write_async(state: Draft) -> Draft:
    get_stream_writer()({"progress": "writing"})
    await asyncio.sleep(0)
    return {"draft": f"about {state['topic']}", "log": ["write"]}


async def review_async(state: Draft) -> Draft:
    verdict = interrupt({"question": "Publish?", "draft": state["draft"]})
    second = interrupt("Really?")
    return {"verdict": f"{verdict}/{second}", "log": ["review"]}


def drafting(saver: BaseCheckpointSaver, *, nodes_async: bool = False) -> Any:
    builder = StateGraph(Draft)
    builder.add_node("write", write_async if nodes_async else write_sync)
    builder.add_node("review", review_async if nodes_async else review_sync)
    builder.add_edge(START, "write")
    builder.add_edge("write", "review")
    builder.add_edge("review", END)
    return builder.compile(checkpointer=saver)


INPUTS: list[Any] = [{"topic": "ducks", "log": []}, Command(resume="yes"), Command(resume="sure")]


def run_sync(graph: Any, thread: str) -> list[Any]:
    return [shown(graph.invoke(i, config(thread))) for i in INPUTS]


async def run_async(graph: Any, thread: str) -> list[Any]:
    return [shown(await graph.ainvoke(i, config(thread))) for i in INPUTS]


def stream_sync(graph: Any, thread: str) -> list[Any]:
    return [shown(list(graph.stream(i, config(thread), stream_mode=MODES))) for i in INPUTS]


async def stream_async(graph: Any, thread: str) -> list[Any]:
    out = []
    for i in INPUTS:
        out.append(shown([c async for c in graph.astream(i, config(thread), stream_mode=MODES)]))
    return out


async def test_ainvoke_gives_invokes_outputs_through_pauses_and_resumes(
    saver: BaseCheckpointSaver,
) -> None:
    graph = drafting(saver)
    expected = run_sync(graph, "sync")
    assert expected[-1] == {
        "topic": "ducks",
        "draft": "about ducks",
        "verdict": "yes/sure",
        "log": ["write", "review"],
    }
    assert await run_async(graph, "async") == expected
    assert await run_async(drafting(saver, nodes_async=True), "async-nodes") == expected


async def test_astream_gives_streams_chunks_through_pauses_and_resumes(
    saver: BaseCheckpointSaver,
) -> None:
    graph = drafting(saver)
    expected = stream_sync(graph, "sync")
    assert ("custom", {"progress": "writing"}) in expected[0]
    assert ("updates", {"__interrupt__": (("Interrupt", "Really?", True),)}) in expected[1]
    assert await stream_async(graph, "async") == expected
    assert await stream_async(drafting(saver, nodes_async=True), "async-nodes") == expected


async def test_aget_state_and_history_match_the_sync_ones(saver: BaseCheckpointSaver) -> None:
    graph = drafting(saver)
    graph.invoke(INPUTS[0], config("sync"))
    await graph.ainvoke(INPUTS[0], config("async"))
    sync_state = graph.get_state(config("sync"))
    async_state = await graph.aget_state(config("async"))
    assert (async_state.values, async_state.next) == (sync_state.values, sync_state.next)
    assert shown(async_state.interrupts) == shown(sync_state.interrupts)
    sync_history = [(h.metadata, h.next) for h in graph.get_state_history(config("sync"))]
    async_history = [(h.metadata, h.next) async for h in graph.aget_state_history(config("async"))]
    assert async_history == sync_history


class Pair(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    left: str
    right: str


def pair_graph(left: Any, right: Any, saver: BaseCheckpointSaver | None = None) -> Any:
    builder = StateGraph(Pair)
    builder.add_node("left", left)
    builder.add_node("right", right)
    builder.add_edge(START, "left")
    builder.add_edge(START, "right")
    builder.add_edge("left", END)
    builder.add_edge("right", END)
    return builder.compile(checkpointer=saver)


async def test_parallel_async_nodes_run_at_the_same_time() -> None:
    """Each node announces it started and waits for the other: without overlap, one waits for
    a partner that cannot start until it returns."""
    started = {"left": asyncio.Event(), "right": asyncio.Event()}

    def handshake(me: str, other: str) -> Any:
        async def node(state: Pair) -> Pair:
            started[me].set()
            await asyncio.wait_for(started[other].wait(), HANDSHAKE)
            return {"log": [me]}

        return node

    graph = pair_graph(handshake("left", "right"), handshake("right", "left"))
    assert await graph.ainvoke({"log": []}) == {"log": ["left", "right"]}


@pytest.mark.parametrize("driver", ["invoke", "ainvoke"])
async def test_parallel_sync_nodes_run_at_the_same_time_under_both_drivers(driver: str) -> None:
    barrier = threading.Barrier(2, timeout=HANDSHAKE)

    def meet(me: str) -> Any:
        def node(state: Pair) -> Pair:
            barrier.wait()  # BrokenBarrierError unless the other node is running too
            return {"log": [me]}

        return node

    graph = pair_graph(meet("left"), meet("right"))
    if driver == "invoke":
        out = await asyncio.to_thread(graph.invoke, {"log": []})
    else:
        out = await graph.ainvoke({"log": []})
    assert out == {"log": ["left", "right"]}


async def ask_left(state: Pair) -> Pair:
    return {"left": interrupt("left?")}


async def ask_right(state: Pair) -> Pair:
    return {"right": interrupt("right?")}


def ask_left_sync(state: Pair) -> Pair:
    return {"left": interrupt("left?")}


def ask_right_sync(state: Pair) -> Pair:
    return {"right": interrupt("right?")}


async def test_parallel_interrupts_and_a_resume_map_behave_alike_in_async(
    saver: BaseCheckpointSaver,
) -> None:
    sync_graph = pair_graph(ask_left_sync, ask_right_sync, saver)
    async_graph = pair_graph(ask_left, ask_right, saver)
    results: dict[str, list[Any]] = {}
    for name in ("sync", "async"):
        paused = (
            sync_graph.invoke({}, config(name))
            if name == "sync"
            else await async_graph.ainvoke({}, config(name))
        )
        ids = {i.value: i.id for i in paused["__interrupt__"]}
        assert len(set(ids.values())) == 2
        first: Command[Any] = Command(resume={ids["left?"]: "L"})
        both: Command[Any] = Command(resume={ids["right?"]: "R"})
        if name == "sync":
            steps = [sync_graph.invoke(first, config(name)), sync_graph.invoke(both, config(name))]
        else:
            steps = [
                await async_graph.ainvoke(first, config(name)),
                await async_graph.ainvoke(both, config(name)),
            ]
        results[name] = [shown(paused), *map(shown, steps)]
    assert results["async"] == results["sync"]
    assert results["sync"][-1] == {"log": [], "left": "L", "right": "R"}


class Fan(TypedDict, total=False):
    items: list[int]
    squares: Annotated[list[int], operator.add]


async def test_send_fan_out_gives_the_same_chunks_in_async() -> None:
    async def square_async(arg: int) -> Fan:
        await asyncio.sleep(0)
        return {"squares": [arg * arg]}

    def square_sync(arg: int) -> Fan:
        return {"squares": [arg * arg]}

    def fan(square: Any) -> Any:
        builder = StateGraph(Fan)
        builder.add_node("square", square)
        builder.add_conditional_edges(
            START, lambda state: [Send("square", n) for n in state["items"]]
        )
        builder.add_edge("square", END)
        return builder.compile()

    expected = list(fan(square_sync).stream({"items": [3, 1, 2]}, stream_mode="values"))
    got = [c async for c in fan(square_async).astream({"items": [3, 1, 2]}, stream_mode="values")]
    assert got == expected
    assert got[-1] == {"items": [3, 1, 2], "squares": [9, 1, 4]}


async def test_a_failing_async_node_raises_the_same_error_and_stores_the_same() -> None:
    def fail_sync(state: Pair) -> Pair:
        raise LookupError("no such record")

    async def fail_async(state: Pair) -> Pair:
        raise LookupError("no such record")

    def ok(state: Pair) -> Pair:
        return {"right": "fine"}

    saver = InMemorySaver()
    with pytest.raises(LookupError, match="no such record"):
        pair_graph(fail_sync, ok, saver).invoke({}, config("sync"))
    async_graph = pair_graph(fail_async, ok, saver)
    with pytest.raises(LookupError, match="no such record"):
        await async_graph.ainvoke({}, config("async"))
    sync_state = pair_graph(fail_sync, ok, saver).get_state(config("sync"))
    async_state = await async_graph.aget_state(config("async"))
    assert async_state.next == sync_state.next == ("left",)  # as LangGraph 1.2.22
    assert async_state.values == sync_state.values == {"log": [], "right": "fine"}
    assert [repr(t.error) for t in async_state.tasks] == [repr(t.error) for t in sync_state.tasks]


async def test_a_lone_sync_node_leaves_the_event_loop_free_under_ainvoke() -> None:
    """As in LangGraph, a sync node of an async run runs on a worker thread: a coroutine the caller
    runs alongside keeps running while the node blocks (on the loop it would wait in vain)."""
    released = threading.Event()

    def blocking(state: Draft) -> dict[str, Any]:
        return {"draft": "freed" if released.wait(HANDSHAKE) else "blocked"}

    async def release() -> None:
        await asyncio.sleep(0)
        released.set()

    builder = StateGraph(Draft)
    builder.add_node("blocking", blocking)
    builder.add_edge(START, "blocking")
    graph = builder.compile()
    out, _ = await asyncio.gather(graph.ainvoke({"topic": "t"}), release())
    assert out == {"topic": "t", "draft": "freed", "log": []}


async def test_a_sync_node_waits_for_an_async_task_that_asks_a_person(tmp_path: Path) -> None:
    """An async `@task` called from a sync node under `ainvoke` runs on the run's loop and
    `.result()` waits for it; its interrupt pauses the node, and on resume the task's recorded
    result is not computed again."""
    from signoff.func import task

    calls: list[str] = []

    @task
    async def ask(topic: str) -> str:
        calls.append(topic)
        return str(interrupt(f"approve {topic}?"))

    def node(state: Draft) -> dict[str, Any]:
        return {"draft": ask(state["topic"]).result()}

    with SqliteSaver.from_conn_string(str(tmp_path / "task.db")) as sqlite:
        builder = StateGraph(Draft)
        builder.add_node("node", node)
        builder.add_edge(START, "node")
        graph = builder.compile(checkpointer=sqlite)
        paused = await graph.ainvoke({"topic": "t"}, config("a"))
        assert [i.value for i in paused["__interrupt__"]] == ["approve t?"]
        out = await graph.ainvoke(Command(resume="yes"), config("a"))
    assert out == {"topic": "t", "draft": "yes", "log": []}
    assert calls == ["t", "t"]  # asked, then re-run to take the answer: LangGraph does the same
