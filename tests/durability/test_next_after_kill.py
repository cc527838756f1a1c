"""After a kill -9 mid-step, `get_state()` tells the truth: `next` lists what still has to run, the
answered interrupt no longer shows as pending, and a fresh process finishes the thread exactly as an
uninterrupted run would (this test's process, which never ran the thread before).

Each case kills the child at an exact moment: just before a chosen saver call (`die` in
`durability_child.py` sends itself SIGKILL there), so the stored state is known.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

import pytest
from durability_checks import assert_finished_as_reference, reference_run
from durability_procs import Child
from durability_workload import Graphs, config_of, finish_thread, open_saver


@dataclass(frozen=True)
class Case:
    thread: str
    needle: str
    """The kill comes just before the first storing call whose arguments show this."""
    next: tuple[str, ...]
    answers: int
    """Answers stored when the kill came."""
    methods: str = "*"
    split: bool = False
    """Use a saver that stores a finished step as `put_writes` calls, then `put`."""


CASES = [
    pytest.param(
        Case("review-00", "('log', ['draft done'", ("draft",), 1),
        id="answered-node-killed-before-its-writes",
    ),
    pytest.param(
        Case("review-00", "('log', ['right done'])", ("left", "right"), 3),
        id="parallel-step-killed-between-tasks",
    ),
    pytest.param(
        Case("review-00", "('log', ['left done'", ("left",), 4),
        id="parallel-step-killed-before-the-last-task-was-stored",
    ),
    pytest.param(
        Case("flow-00", "'flow-b done'", ("flow",), 1),
        id="entrypoint-killed-before-a-task-result",
    ),
    pytest.param(
        Case("review-00", "'step': 1,", ("publish",), 1, methods="put", split=True),
        id="step-stored-but-not-its-checkpoint",
    ),
    pytest.param(
        Case("review-00", "'step': 3,", ("close",), 4, methods="put", split=True),
        id="parallel-step-stored-but-not-its-checkpoint",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_next_lists_what_still_has_to_run_after_a_kill(
    store: tuple[str, str], tmp_path: Path, case: Case
) -> None:
    kind, url = store
    ref = reference_run([case.thread], tmp_path / "reference-log")
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    command = "die-split" if case.split else "die"
    with Child(kind, url, str(log_dir), command, case.methods, case.needle, case.thread) as child:
        child.rest()
        assert child.proc.wait() == -signal.SIGKILL, child.stderr()

    with open_saver(kind, url) as saver:
        graphs = Graphs(saver, log_dir)
        graph = graphs.for_thread(case.thread)
        state = graph.get_state(config_of(case.thread))
        assert state.next == case.next
        assert state.interrupts == ()
        assert saver.pending_interrupts(thread_id=case.thread) == []
        assert len(graph.answers(config_of(case.thread))) == case.answers

        finish_thread(graphs, case.thread)
        assert_finished_as_reference(graphs, case.thread, ref, log_dir)
