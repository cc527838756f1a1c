"""What every durability test asserts about threads that went through kills, restarts or other
processes: compared with an uninterrupted run of the same threads on an `InMemorySaver`, nothing
lost, nothing done twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from durability_workload import (
    Graphs,
    config_of,
    finish_thread,
    logged_runs,
    recorded_results,
)

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph.compiled import CompiledStateGraph


@dataclass
class Reference:
    """What the threads look like after an uninterrupted run."""

    values: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, list[Any]] = field(default_factory=dict)
    keys: dict[str, set[str]] = field(default_factory=dict)
    history: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


def reference_run(threads: list[str], log_dir: Path) -> Reference:
    log_dir.mkdir()
    saver = InMemorySaver()
    graphs = Graphs(saver, log_dir)
    ref = Reference()
    for thread in threads:
        finish_thread(graphs, thread)
        graph = graphs.for_thread(thread)
        ref.values[thread] = graph.get_state(config_of(thread)).values
        ref.answers[thread] = [a.value for a in graph.answers(config_of(thread))]
        ref.keys[thread] = set(recorded_results(saver, thread))
        ref.history[thread] = steps_of(graph, thread)
        assert sorted(k for k, _ in logged_runs(log_dir, thread)) == sorted(ref.keys[thread])
    return ref


def steps_of(graph: CompiledStateGraph, thread: str) -> list[tuple[Any, ...]]:
    """The thread's checkpoints, newest first, as (step, source, next, values): the same for
    every run of the thread that lost and repeated nothing."""
    return [
        (s.metadata["step"], s.metadata["source"], s.next, s.values)
        for s in graph.get_state_history(config_of(thread))
        if s.metadata is not None
    ]


def assert_finished_as_reference(graphs: Graphs, thread: str, ref: Reference, log_dir: Path) -> int:
    """The thread is done, in the reference's state, history and answers, and no `@task` whose
    result was recorded ran again. Returns how many executions a kill cut short before their
    result was recorded (those may, and must, run again)."""
    graph, config = graphs.for_thread(thread), config_of(thread)
    state = graph.get_state(config)
    assert (state.next, state.interrupts) == ((), ()), thread
    assert state.values == ref.values[thread], thread
    assert steps_of(graph, thread) == ref.history[thread], thread
    assert graphs.saver.pending_interrupts(thread_id=thread) == [], thread

    answers = graph.answers(config)
    assert [a.value for a in answers] == ref.answers[thread], thread
    assert len({a.interrupt_id for a in answers}) == len(answers), thread

    recorded = recorded_results(graphs.saver, thread)
    assert set(recorded) == ref.keys[thread], thread
    runs = logged_runs(log_dir, thread)
    cut_short = 0
    for key, kept in recorded.items():
        assert len(kept) == 1, f"{thread}: result of {key} recorded {len(kept)} times"
        executions = [run for k, run in runs if k == key]
        assert executions[-1] == kept[0], (
            f"{thread}: task {key} ran again after its result was recorded: "
            f"executions {executions}, recorded {kept[0]}"
        )
        cut_short += len(executions) - 1
    return cut_short
