"""One measurement in one fresh process: `python -m bench.worker WORKLOAD LIB SIZE [options]`.

The runner starts this with the interpreter of the library under test, from the repository root.
It pins itself to one CPU, measures, and prints exactly one line starting with `RESULT_MARK`
followed by JSON: `status` ("ok", "wrong", "unavailable" or "error"), `metrics`, `message`,
`versions`, `python`. A wrong result is reported, never scored.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from typing import Any

from bench.lib import Lib, Unavailable, WrongResult
from bench.measure import Budget
from bench.workloads import load

RESULT_MARK = "BENCH-RESULT "


def pin(cpu: int | None) -> int | None:
    """Run this process (and any child it starts) on one CPU; None where that is not possible."""
    if cpu is None or not hasattr(os, "sched_setaffinity"):
        return None
    os.sched_setaffinity(0, {cpu})
    return cpu


def measure(workload: str, lib: Lib, size: int, budget: Budget) -> dict[str, Any]:
    """Run the workload and classify the outcome; never raises for a library's failure."""
    try:
        metrics = load(workload).measure(lib, size, budget)
    except WrongResult as exc:
        return {"status": "wrong", "message": str(exc)}
    except Unavailable as exc:
        return {"status": "unavailable", "message": str(exc)}
    except Exception as exc:
        traceback.print_exc()
        return {"status": "error", "message": f"{type(exc).__name__}: {exc}"}
    return {"status": "ok", "metrics": metrics}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("workload")
    parser.add_argument("lib")
    parser.add_argument("size", type=int)
    parser.add_argument("--cpu", type=int, default=None)
    parser.add_argument("--smoke", action="store_true", help="one checked run, no warm-up")
    parser.add_argument("--min-time", type=float, default=Budget.min_time)
    parser.add_argument("--min-reps", type=int, default=Budget.min_reps)
    parser.add_argument("--max-reps", type=int, default=Budget.max_reps)
    args = parser.parse_args(argv)

    lib = Lib(args.lib)
    budget = Budget.smoke() if args.smoke else Budget(args.min_time, args.min_reps, args.max_reps)
    cpu = pin(args.cpu)
    start = time.perf_counter()
    outcome = measure(args.workload, lib, args.size, budget)
    outcome.update(
        seconds=time.perf_counter() - start,
        cpu=cpu,
        versions=lib.versions(),
        python=platform.python_version(),
    )
    sys.stdout.write(RESULT_MARK + json.dumps(outcome) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
