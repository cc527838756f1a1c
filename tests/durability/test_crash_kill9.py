"""Crash test: a child process running human-in-the-loop graphs is killed with SIGKILL at random
moments, again and again, on a SQLite file and on PostgreSQL; each new child continues every
unfinished thread, and a last, unkilled one finishes them all.

Then, against an uninterrupted run of the same threads on an `InMemorySaver`: no thread is lost or
unreadable, every thread ends in the same state and history, no answered interrupt is lost or
answered twice, and no `@task` whose result the saver recorded ran again (see
`durability_workload` for how the side-effect log tells a re-execution after the record from one
the kill cut short).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from durability_checks import assert_finished_as_reference, reference_run
from durability_procs import Child
from durability_workload import Graphs, open_saver, thread_ids

KILLS = {"sqlite": 30, "postgres": 25}
THREADS = {"sqlite": (14, 14), "postgres": (12, 12)}
"""(review, flow) threads: enough work that every life ends in a kill, never in "done"."""
PAUSE = 0.003
"""Seconds each side effect takes after logging, widening the side-effect-before-record window."""
MAX_DELAY = 0.015


def kill_repeatedly(kind: str, url: str, log_dir: Path, threads: list[str]) -> int:
    """Start a child on the threads and SIGKILL it at a random moment, `KILLS[kind]` times: after
    0 to 2 invokes and a random delay. Returns the number of kills."""
    rng = random.Random(f"crash-{kind}")
    for life in range(KILLS[kind]):
        with Child(kind, url, str(log_dir), "finish", str(life), str(PAUSE), *threads) as child:
            child.expect("ready")
            for _ in range(rng.randint(0, 2)):
                child.expect("invoked")
            time.sleep(rng.uniform(0, MAX_DELAY))
            if child.proc.poll() is not None:
                raise AssertionError(f"life {life} ended before its kill: {child.stderr()}")
            child.kill()
            child.rest()
            assert "done" not in child.seen, f"life {life} finished every thread; add threads"
    return KILLS[kind]


def test_sigkill_at_random_moments_loses_and_repeats_nothing(
    store: tuple[str, str], tmp_path: Path
) -> None:
    kind, url = store
    threads = thread_ids(*THREADS[kind])
    ref = reference_run(threads, tmp_path / "reference-log")
    log_dir = tmp_path / "log"
    log_dir.mkdir()

    kills = kill_repeatedly(kind, url, log_dir, threads)
    with Child(kind, url, str(log_dir), "finish", "-1", "0", *threads) as last:
        last.expect("ready")
        assert last.finish()[-1] == "done"

    with open_saver(kind, url) as saver:
        graphs = Graphs(saver, log_dir)
        assert sorted(t.thread_id for t in saver.list_threads()) == sorted(threads)
        assert saver.pending_interrupts() == []
        cut_short = sum(
            assert_finished_as_reference(graphs, thread, ref, log_dir) for thread in threads
        )
    print(f"{kind}: {kills} kills; {cut_short} side effects re-run after a kill cut them short")
