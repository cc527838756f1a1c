"""9. Peak resident memory of a fresh process that runs workloads 1 and 2 once each (checked).

The measuring process is fresh and has imported only the harness when this starts, so its peak
RSS is the library's footprint for those two workloads plus the interpreter's, which is the same
for both. The peak is the kernel's high-water mark of this process's own memory (`VmHWM` in
/proc/self/status): `getrusage`'s `ru_maxrss` would not do, because on Linux a process started by
fork + exec inherits its parent's peak, so every worker would report at least the runner's size.
"""

from __future__ import annotations

import resource

from bench.lib import Lib
from bench.measure import Budget, Metric
from bench.workloads import chain, wide_state

NUMBER = "9"
NAME = "peak_rss"
TITLE = "peak RSS, fresh process running 1 and 2"
METRICS = (Metric("rss_mb", "peak RSS", "MB", primary=True, goal=0.5),)
SIZE = 1
SMOKE_SIZE = 1
SCALING = "total"


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    chain_case = chain.case(lib, chain.SIZE if budget.warmup else chain.SMOKE_SIZE)
    chain_case.check(0, chain_case.run(0))
    wide_size = wide_state.SIZE if budget.warmup else wide_state.SMOKE_SIZE
    wide_case = wide_state.case(lib, wide_size)
    wide_case.check(0, wide_case.run(0))
    return {"rss_mb": peak_rss_kb() / 1024}


def peak_rss_kb() -> float:
    """This process's peak resident set in KB (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
