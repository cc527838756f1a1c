"""How one process measures one workload: what a metric is, how long to keep timing, and the
standard loop (warm up, then time repetitions, checking every result).

A workload that fits "build once, then run the same thing many times" returns a `Case` and lets
`time_case` do the rest; the others (import time, peak RSS, resume latency) measure themselves and
return their numbers directly.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Metric:
    """One number a workload reports, per library.

    `primary` metrics count in the geometric mean of workloads 1-9; `goal` is the largest ratio
    signoff/LangGraph the performance issue asks for, `limit` the largest value of signoff's own
    number it asks for (None when it sets none).
    """

    key: str
    label: str
    unit: str
    primary: bool = False
    goal: float | None = None
    limit: float | None = None


@dataclass(frozen=True)
class Budget:
    """How long one process keeps repeating a timed run (after one untimed, checked warm-up)."""

    min_time: float = 0.5
    min_reps: int = 3
    max_reps: int = 50
    warmup: bool = True

    @classmethod
    def smoke(cls) -> Budget:
        """One checked run, no warm-up: smoke mode proves correctness, not speed."""
        return cls(min_time=0.0, min_reps=1, max_reps=1, warmup=False)


@dataclass
class Case:
    """A built workload: `run(rep)` is timed, `check(rep, result)` is not.

    `rep` numbers the repetition so a run can use fresh thread ids; `units` is how many units
    (steps, cycles, runs) one run performs, and `scale` turns seconds per unit into the metric's unit.
    `warm`, when given, replaces the warm-up run with a smaller one (that checks its own result), for
    cases whose full run is long enough to amortise cold-start costs anyway.
    """

    run: Callable[[int], object]
    check: Callable[[int, object], None]
    units: int = 1
    scale: float = 1e3
    close: Callable[[], None] = field(default=lambda: None)
    warm: Callable[[], None] | None = None


def time_case(case: Case, budget: Budget) -> tuple[float, list[float]]:
    """Median and all samples of `case`, in seconds per unit times `case.scale`.

    Every run's result is checked, the warm-up's included, so a fast wrong answer fails the
    workload instead of scoring. The garbage collector stays on (users run with it) but is
    emptied before each run so one run's garbage is not charged to the next.
    """
    samples: list[float] = []
    rep = 0
    try:
        if budget.warmup and case.warm is not None:
            case.warm()
        elif budget.warmup:
            case.check(rep, case.run(rep))
            rep += 1
        spent = 0.0
        while len(samples) < budget.max_reps and (
            len(samples) < budget.min_reps or spent < budget.min_time
        ):
            gc.collect()
            start = time.perf_counter()
            result = case.run(rep)
            elapsed = time.perf_counter() - start
            case.check(rep, result)
            spent += elapsed
            samples.append(elapsed / case.units * case.scale)
            rep += 1
    finally:
        case.close()
    return statistics.median(samples), samples
