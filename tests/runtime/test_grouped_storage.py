"""`durability="async"` on SQLite holds quick steps back and stores them in one transaction: a
step slower than the window is stored before the next step starts, a slow `@task`'s result before
the code that called it goes on, and everything by the time the run returns or raises — seen from
a second connection to the same file, as another process would see it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.constants import RETURN
from signoff.func import entrypoint, task
from signoff.graph import START, StateGraph
from signoff.runtime.grouping import WINDOW
from signoff.types import interrupt

SLOW = WINDOW * 5


class State(TypedDict, total=False):
    n: int
    seen: list[int]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "grouped.db")


@pytest.fixture
def other(db: str) -> Iterator[SqliteSaver]:
    """A second saver on the file: what another process reads."""
    with SqliteSaver.from_conn_string(db) as saver:
        yield saver


def stored_steps(saver: SqliteSaver, thread: str) -> list[int]:
    config = {"configurable": {"thread_id": thread}}
    return sorted(t.metadata["step"] for t in saver.list(config))


def chain(saver: Any, other: SqliteSaver, thread: str, *, slow: bool) -> Any:
    """a -> b -> c; `a` sleeps past the window when `slow`; `b` and `c` note the steps stored so
    far as another connection sees them."""

    def a(state: State) -> dict[str, Any]:
        if slow:
            time.sleep(SLOW)
        return {"n": 1}

    def look(state: State) -> dict[str, Any]:
        return {"seen": [*state.get("seen", []), max(stored_steps(other, thread), default=-9)]}

    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("b", look)
    builder.add_node("c", look)
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("b", "c")
    return builder.compile(checkpointer=saver)


def test_a_slow_step_is_stored_before_the_next_one_starts(db: str, other: SqliteSaver) -> None:
    with SqliteSaver.from_conn_string(db) as saver:
        graph = chain(saver, other, "slow", slow=True)
        out = graph.invoke({"seen": []}, {"configurable": {"thread_id": "slow"}})
    # `b` runs at step 2: the checkpoint after `a` (step 1) is already stored
    assert out["seen"][0] >= 1
    assert stored_steps(other, "slow") == [-1, 0, 1, 2, 3]


def test_sync_durability_stores_every_step_before_the_next(db: str, other: SqliteSaver) -> None:
    with SqliteSaver.from_conn_string(db) as saver:
        graph = chain(saver, other, "sync", slow=False)
        out = graph.invoke({"seen": []}, {"configurable": {"thread_id": "sync"}}, durability="sync")
    assert out["seen"] == [1, 2]


async def test_async_runs_group_too(db: str, other: SqliteSaver) -> None:
    async with AsyncSqliteSaver.from_conn_string(db) as saver:
        graph = chain(saver, other, "aslow", slow=True)
        out = await graph.ainvoke({"seen": []}, {"configurable": {"thread_id": "aslow"}})
    assert out["seen"][0] >= 1
    assert stored_steps(other, "aslow") == [-1, 0, 1, 2, 3]


def test_a_pause_is_stored_when_invoke_returns(db: str, other: SqliteSaver) -> None:
    def ask(state: State) -> dict[str, Any]:
        return {"n": interrupt("go?")}

    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    with SqliteSaver.from_conn_string(db) as saver:
        graph = builder.compile(checkpointer=saver)
        graph.invoke({"n": 0}, {"configurable": {"thread_id": "pause"}})
    pending = other.pending_interrupts(thread_id="pause")
    assert [p.value for p in pending] == ["go?"]
    assert stored_steps(other, "pause") == [-1, 0]


def test_a_failed_run_stores_what_it_did(db: str, other: SqliteSaver) -> None:
    def boom(state: State) -> dict[str, Any]:
        raise RuntimeError("boom")

    builder = StateGraph(State)
    builder.add_node("first", lambda s: {"n": 1})
    builder.add_node("boom", boom)
    builder.add_edge(START, "first")
    builder.add_edge("first", "boom")
    config = {"configurable": {"thread_id": "fail"}}
    with SqliteSaver.from_conn_string(db) as saver:
        graph = builder.compile(checkpointer=saver)
        with pytest.raises(RuntimeError, match="boom"):
            graph.invoke({"n": 0}, config)
        reread = builder.compile(checkpointer=other).get_state(config)
    assert reread.values == {"n": 1}
    assert reread.next == ("boom",)
    assert "boom" in repr(reread.tasks[0].error)


def recorded_results(saver: SqliteSaver, thread: str) -> list[Any]:
    latest = saver.get_tuple({"configurable": {"thread_id": thread}})
    assert latest is not None
    return [value for _, channel, value in latest.pending_writes if channel == RETURN]


def test_a_slow_task_result_is_stored_before_its_caller_goes_on(
    db: str, other: SqliteSaver
) -> None:
    seen: list[list[Any]] = []

    @task
    def slow(x: int) -> int:
        time.sleep(SLOW)
        return x * 10

    with SqliteSaver.from_conn_string(db) as saver:

        @entrypoint(checkpointer=saver)
        def flow(x: int) -> int:
            first = slow(x).result()
            seen.append(recorded_results(other, "task"))
            return first + slow(x + 1).result()

        assert flow.invoke(1, {"configurable": {"thread_id": "task"}}) == 30
    assert seen == [[10]]


async def test_an_async_slow_task_result_is_stored_before_its_caller_goes_on(
    db: str, other: SqliteSaver
) -> None:
    seen: list[list[Any]] = []

    @task
    async def slow(x: int) -> int:
        await asyncio.sleep(SLOW)
        return x * 10

    async with AsyncSqliteSaver.from_conn_string(db) as saver:

        @entrypoint(checkpointer=saver)
        async def flow(x: int) -> int:
            first = await slow(x)
            seen.append(recorded_results(other, "atask"))
            return first + await slow(x + 1)

        assert await flow.ainvoke(1, {"configurable": {"thread_id": "atask"}}) == 30
    assert seen == [[10]]


class SlowReads(SqliteSaver):
    """Reads that take longer than the window, and a count of the batches stored."""

    batches = 0

    def get_tuple(self, config: Any) -> Any:
        time.sleep(SLOW)
        return super().get_tuple(config)

    def put_batch(self, calls: Any) -> None:
        self.batches += 1
        super().put_batch(calls)


def test_a_slow_read_does_not_split_the_quick_steps_after_it(db: str, other: SqliteSaver) -> None:
    """The window counts finished work left unstored, so it starts over after a read."""
    with SqliteSaver.from_conn_string(db) as plain:
        saver = SlowReads(plain.conn)
        graph = chain(saver, other, "after-read", slow=False)
        graph.invoke({"seen": []}, {"configurable": {"thread_id": "after-read"}})
    assert saver.batches == 1
    assert stored_steps(other, "after-read") == [-1, 0, 1, 2, 3]
