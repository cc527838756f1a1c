"""Exactly-once answers at the graph level: many callers resume the same pending interrupt with
`graph.invoke(Command(resume=...))`, by plain value or by interrupt id, and exactly one run
proceeds; every other caller gets `InterruptAlreadyAnsweredError`, including those that arrive
while the winner's run is still going (held inside the node after the interrupt until the
losers have all been refused). Fifty threads on InMemorySaver, SQLite (a connection each) and
PostgreSQL (a connection pool), and two processes on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from durability_gate import HOLD_LIMIT, gate_graph
from durability_procs import Child
from durability_workload import config_of, open_saver

from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.graph.compiled import CompiledStateGraph
from signoff.types import Command

RESUMERS = 50
FIRST_WAVE = 25
"""Resumers that start together before anyone has answered; the rest start once the winner's
run is held, so they certainly arrive while it is still going."""
THREAD = "gate-00"


class Gate:
    """The `hold` of the gate graph in this process: the winner's run waits here for `release`."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.holding = threading.Event()
        self.held: list[str] = []

    def hold(self, thread: str) -> None:
        self.held.append(thread)
        self.holding.set()
        if not self.release.wait(HOLD_LIMIT):
            raise TimeoutError("the test never released the winner's run")


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    if request.param == "memory":
        return "memory", ""
    if request.param == "sqlite":
        return "sqlite", str(tmp_path / "threads.db")
    url: str = request.getfixturevalue("pg_schema_url")
    return "postgres", url


@contextmanager
def resumer_graphs(kind: str, url: str, gate: Gate) -> Iterator[list[CompiledStateGraph]]:
    """One gate graph per resumer: all on one InMemorySaver; on SQLite each on its own
    connection; on PostgreSQL all on one saver over a pool of ten connections."""
    with ExitStack() as stack:
        if kind == "memory":
            shared: BaseCheckpointSaver = InMemorySaver()
            yield [gate_graph(shared, gate.hold)] * RESUMERS
        elif kind == "sqlite":
            savers = [
                stack.enter_context(SqliteSaver.from_conn_string(url)) for _ in range(RESUMERS)
            ]
            yield [gate_graph(s, gate.hold) for s in savers]
        else:
            from psycopg_pool import ConnectionPool

            from signoff.checkpoint.postgres import PostgresSaver

            pool: ConnectionPool[Any] = ConnectionPool(
                url, min_size=10, max_size=10, open=False, kwargs={"autocommit": True}
            )
            pool.open(wait=True)
            stack.enter_context(pool)
            pg = PostgresSaver(pool)
            pg.setup()
            yield [gate_graph(pg, gate.hold)] * RESUMERS


class Race:
    """Resumers in threads, started in waves; `outcomes` maps resumer → won / lost / error."""

    def __init__(self, graphs: list[CompiledStateGraph], resume_for: Callable[[int], Any]) -> None:
        self.graphs = graphs
        self.resume_for = resume_for
        self.outcomes: dict[int, str] = {}
        self.changed = threading.Condition()
        self.threads: list[threading.Thread] = []

    def resume(self, i: int, start: threading.Barrier) -> None:
        config: RunnableConfig = {**config_of(THREAD), "metadata": {"answered_by": f"r{i}"}}
        start.wait()
        try:
            self.graphs[i].invoke(Command(resume=self.resume_for(i)), config)
            outcome = "won"
        except InterruptAlreadyAnsweredError:
            outcome = "lost"
        except BaseException as exc:
            outcome = f"error {exc!r}"
        with self.changed:
            self.outcomes[i] = outcome
            self.changed.notify_all()

    def start(self, resumers: range) -> None:
        start = threading.Barrier(len(resumers))
        for i in resumers:
            t = threading.Thread(target=self.resume, args=(i, start))
            t.start()
            self.threads.append(t)

    def wait_for(self, count: int) -> dict[int, str]:
        """The outcomes once `count` resumers have returned (or after a minute, whatever came)."""
        with self.changed:
            self.changed.wait_for(lambda: len(self.outcomes) >= count, timeout=HOLD_LIMIT)
            return dict(self.outcomes)

    def join(self) -> None:
        for t in self.threads:
            t.join(timeout=HOLD_LIMIT)


@pytest.mark.parametrize("by_id", [False, True], ids=["plain", "by-id"])
def test_fifty_threads_resuming_one_interrupt_exactly_one_proceeds(
    backend: tuple[str, str], by_id: bool
) -> None:
    kind, url = backend
    gate = Gate()
    with resumer_graphs(kind, url, gate) as graphs:
        graph = graphs[0]
        paused = graph.invoke({"thread": THREAD, "log": []}, config_of(THREAD))
        (pending,) = paused["__interrupt__"]

        def resume_for(i: int) -> Any:
            return {pending.id: f"answer-{i}"} if by_id else f"answer-{i}"

        race = Race(graphs, resume_for)
        try:
            race.start(range(FIRST_WAVE))
            assert gate.holding.wait(HOLD_LIMIT), dict(race.outcomes)
            race.start(range(FIRST_WAVE, RESUMERS))
            while_held = race.wait_for(RESUMERS - 1)
        finally:
            gate.release.set()
            race.join()

        assert len(while_held) == RESUMERS - 1
        assert set(while_held.values()) == {"lost"}, while_held
        (winner,) = set(range(RESUMERS)) - set(while_held)
        assert race.outcomes[winner] == "won"
        assert gate.held == [THREAD]

        state = graph.get_state(config_of(THREAD))
        assert state.values["log"] == [f"answer: answer-{winner}", "after"]
        assert (state.next, state.interrupts) == ((), ())
        answers = graph.answers(config_of(THREAD))
        assert [(a.interrupt_id, a.value, a.answered_by) for a in answers] == [
            (pending.id, f"answer-{winner}", f"r{winner}")
        ]


@pytest.mark.parametrize("mode", ["plain", "by-id"])
def test_two_processes_resuming_one_interrupt_exactly_one_proceeds(
    store: tuple[str, str], tmp_path: Path, mode: str
) -> None:
    kind, url = store
    with open_saver(kind, url) as saver:
        gate_graph(saver, lambda _: None).invoke({"thread": THREAD, "log": []}, config_of(THREAD))
    release = tmp_path / "release"
    args = (kind, url, str(tmp_path), "race", THREAD)
    with (
        Child(*args, "alice", mode, str(release), stdin=True) as alice,
        Child(*args, "bob", mode, str(release), stdin=True) as bob,
    ):
        children = {"alice": alice, "bob": bob}
        for child in children.values():
            child.expect("ready")
        for child in children.values():
            child.send("go")
        first = {name: child.line() or "" for name, child in children.items()}
        assert sorted(line.split()[0] for line in first.values()) == ["holding", "lost"], first
        winner = next(name for name, line in first.items() if line.startswith("holding"))
        loser = "bob" if winner == "alice" else "alice"
        assert THREAD in first[loser]
        release.touch()
        assert children[winner].finish() == ["won"]
        assert children[loser].finish() == []

    with open_saver(kind, url) as saver:
        graph = gate_graph(saver, lambda _: None)
        state = graph.get_state(config_of(THREAD))
        assert state.values["log"] == [f"answer: {winner}", "after"]
        assert (state.next, state.interrupts) == ((), ())
        answers = graph.answers(config_of(THREAD))
        assert [(a.value, a.answered_by) for a in answers] == [(winner, winner)]
        assert saver.pending_interrupts() == []
