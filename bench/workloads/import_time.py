"""8. Import time of the modules a HITL graph needs (`<lib>.graph`, `<lib>.types`,
`<lib>.checkpoint.memory`): the best of 10 fresh `python -I` processes, each timing its own import
(so interpreter start-up, the same for both, is left out)."""

from __future__ import annotations

import subprocess
import sys

from bench.lib import Lib, Unavailable, expect
from bench.measure import Budget, Metric

NUMBER = "8"
NAME = "import_time"
TITLE = "import graph, types, checkpoint.memory"
METRICS = (Metric("import_ms", "best of 10", "ms", primary=True, goal=0.25),)
SIZE = 10
SMOKE_SIZE = 1
SCALING = "per-unit"

PROBE = """
import sys, time
start = time.perf_counter()
import {0}.graph, {0}.types, {0}.checkpoint.memory
elapsed = time.perf_counter() - start
print(elapsed, "langchain_core" in sys.modules)
"""


def import_once(lib: Lib) -> tuple[float, bool]:
    """Seconds one fresh isolated interpreter spends importing; and whether it loaded langchain_core."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", PROBE.format(lib.name)], capture_output=True, text=True
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        if lib.name == "signoff" and "ModuleNotFoundError: No module named 'signoff" in last:
            raise Unavailable(f"signoff modules cannot be imported yet ({last})")
        raise RuntimeError(f"importing {lib.name} failed: {last}")
    seconds, heavy = done.stdout.split()
    return float(seconds), heavy == "True"


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    results = [import_once(lib) for _ in range(size)]
    if lib.name == "signoff":
        expect(
            any(heavy for _, heavy in results), False, "langchain_core imported by signoff.graph"
        )
    return {"import_ms": min(seconds for seconds, _ in results) * 1e3}
