"""6. The interrupt -> resume cycle (see `hitl`) on a SQLite file (`SqliteSaver.from_conn_string`
on a fresh temporary file), 200 threads."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from bench.lib import Lib
from bench.measure import Budget, Metric, time_case
from bench.workloads.hitl import cycle_case

NUMBER = "6"
NAME = "hitl_sqlite"
TITLE = "interrupt -> resume cycle, SQLite file, 200 threads"
METRICS = (Metric("cycle_ms", "per cycle", "ms", primary=True, goal=0.1),)
SIZE = 200
SMOKE_SIZE = 5
SCALING = "per-unit"


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-sqlite-"))
        saver_type = lib.sqlite_saver.SqliteSaver
        saver = stack.enter_context(saver_type.from_conn_string(str(Path(folder) / "cycle.db")))
        median, _ = time_case(cycle_case(lib, size, saver, "sqlite"), budget)
    return {"cycle_ms": median}
