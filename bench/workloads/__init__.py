"""The workloads, in report order. Each module is written once against `bench.lib.Lib` and names:

- `NUMBER`, `NAME`, `TITLE`: how the report refers to it (`--only` takes a name or a number);
- `METRICS`: the `Metric`s its `measure` returns, the first being the one scaled;
- `SIZE`, `SMOKE_SIZE`: its size parameter (nodes, KB, workers, calls, threads, cycles) at x1 and in
  smoke mode; `SCALING`: "per-unit" when that metric is already per unit of size, "total" when it
  grows with size (so linear growth reads as 1.0 either way in the scaling table);
- `measure(lib, size, budget) -> {metric key: value}`, raising `WrongResult` on a wrong answer
  and `Unavailable` when the library lacks something the workload needs.

Importing a workload module imports neither signoff nor LangGraph: only `measure` does, through `lib`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

ORDER = (
    "chain",
    "wide_state",
    "fanout",
    "react",
    "hitl_memory",
    "hitl_sqlite",
    "resume_history",
    "import_time",
    "peak_rss",
    "hitl_postgres",
)

# Workloads whose first metric the scaling table shows at x1, x4 and x16.
SCALED = ("chain", "wide_state", "hitl_sqlite")


def load(name: str) -> ModuleType:
    """The workload module called `name` (a module of this package named in `ORDER`)."""
    if name not in ORDER:
        raise ValueError(f"unknown workload {name!r}: use one of {', '.join(ORDER)}")
    return importlib.import_module(f"bench.workloads.{name}")
