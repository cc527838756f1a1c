"""5. The interrupt -> resume cycle (see `hitl`) on InMemorySaver, 200 threads."""

from __future__ import annotations

from bench.lib import Lib
from bench.measure import Budget, Metric, time_case
from bench.workloads.hitl import cycle_case

NUMBER = "5"
NAME = "hitl_memory"
TITLE = "interrupt -> resume cycle, InMemorySaver, 200 threads"
METRICS = (Metric("cycle_ms", "per cycle", "ms", primary=True, goal=0.2),)
SIZE = 200
SMOKE_SIZE = 5
SCALING = "per-unit"


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    median, _ = time_case(cycle_case(lib, size, lib.memory.InMemorySaver(), "hitl"), budget)
    return {"cycle_ms": median}
