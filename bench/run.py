"""Benchmark signoff against LangGraph side by side, or smoke-test the workloads on signoff alone.

    python bench/run.py [--smoke] [--only NAME[,NAME]] [--rounds N] [--json OUT]

Every measurement runs in a fresh process of the library's own interpreter (`SIGNOFF_PY`,
`LANGGRAPH_PY` or the flags), pinned to one CPU; rounds alternate the order A B B A ... so drift
on the machine falls on both. Progress goes to stderr, the Markdown report to stdout. Exit status:
0 when every measured result was correct, 1 when any was wrong or a process failed.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402  # after making the repository importable
from bench.worker import RESULT_MARK  # noqa: E402
from bench.workloads import ORDER, SCALED, load  # noqa: E402

DEFAULT_LANGGRAPH_PY = "/work/lgvenv/bin/python"
FACTORS = (1, 4, 16)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python bench/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="signoff only, tiny sizes, checks")
    parser.add_argument("--only", help="comma-separated workload names or numbers (e.g. 1,react)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds at x1 (default 5)")
    parser.add_argument("--scaling-rounds", type=int, default=2, help="rounds at x4, x16")
    parser.add_argument("--no-scaling", action="store_true", help="skip the x4 / x16 runs")
    parser.add_argument("--json", type=Path, help="also write every number to this file")
    parser.add_argument("--cpu", type=int, help="CPU to pin to (default: the last one allowed)")
    parser.add_argument("--signoff-py", default=os.environ.get("SIGNOFF_PY", sys.executable))
    parser.add_argument("--langgraph-py", default=os.environ.get("LANGGRAPH_PY"))
    args = parser.parse_args(argv)
    if args.langgraph_py is None:
        fallback = Path(DEFAULT_LANGGRAPH_PY)
        args.langgraph_py = str(fallback) if fallback.exists() else sys.executable
    if args.cpu is None and hasattr(os, "sched_getaffinity"):
        args.cpu = max(os.sched_getaffinity(0))
    return args


def select(only: str | None) -> list[str]:
    """Workload module names for `--only` (names, or numbers such as 1 or PG), in report order."""
    if not only:
        return list(ORDER)
    wanted = {part.strip().lower() for part in only.split(",") if part.strip()}
    chosen = [name for name in ORDER if name in wanted or load(name).NUMBER.lower() in wanted]
    known = set(chosen) | {load(name).NUMBER.lower() for name in chosen}
    unknown = wanted - known
    if unknown:
        names = ", ".join(f"{load(n).NUMBER}={n}" for n in ORDER)
        raise SystemExit(f"unknown workload {', '.join(sorted(unknown))}: use one of {names}")
    return chosen


def spawn(python: str, args: list[str], timeout: float) -> dict[str, Any]:
    """Run one worker process and return its outcome (a failed process becomes status "error")."""
    command = [python, "-m", "bench.worker", *args]
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        return {"status": "error", "message": f"no interpreter at {python}"}
    except subprocess.TimeoutExpired:
        return {"status": "error", "message": f"timed out after {timeout:.0f} s"}
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            outcome: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
            if outcome["status"] == "error":
                outcome["stderr"] = done.stderr[-4000:]
            return outcome
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"status": "error", "message": f"exit {done.returncode}: {tail}", "stderr": done.stderr}


def worker_args(name: str, lib: str, size: int, args: argparse.Namespace, factor: int) -> list[str]:
    flags = [name, lib, str(size)]
    if args.cpu is not None:
        flags += ["--cpu", str(args.cpu)]
    if args.smoke:
        flags.append("--smoke")
    elif factor > 1:
        flags += ["--min-time", "0", "--min-reps", "1", "--max-reps", "1"]
    return flags


def combine(outcomes: list[dict[str, Any]]) -> dict[str, Any]:
    """One library's rounds of one workload: medians, extremes, and the first problem if any."""
    bad = [o for o in outcomes if o["status"] != "ok"]
    if bad:
        return {"status": bad[0]["status"], "message": bad[0]["message"], "rounds": outcomes}
    keys = outcomes[0]["metrics"].keys()
    values = {k: [o["metrics"][k] for o in outcomes] for k in keys}
    return {
        "status": "ok",
        "message": "",
        "rounds": outcomes,
        "median": {k: statistics.median(v) for k, v in values.items()},
        "min": {k: min(v) for k, v in values.items()},
        "max": {k: max(v) for k, v in values.items()},
    }


def measure(name: str, factor: int, args: argparse.Namespace, libs: list[str]) -> dict[str, Any]:
    """All rounds of one workload at one scale, interleaved A B B A ..."""
    module = load(name)
    size = module.SMOKE_SIZE if args.smoke else module.SIZE * factor
    rounds = 1 if args.smoke else (args.rounds if factor == 1 else args.scaling_rounds)
    pythons = {"signoff": args.signoff_py, "langgraph": args.langgraph_py}
    timeout = 120 if args.smoke else 3600
    outcomes: dict[str, list[dict[str, Any]]] = {lib: [] for lib in libs}
    for index in range(rounds):
        for lib in libs if index % 2 == 0 else reversed(libs):
            if any(o["status"] != "ok" for o in outcomes[lib]):
                continue  # one failure decides this library's cell; later rounds cannot undo it
            outcome = spawn(pythons[lib], worker_args(name, lib, size, args, factor), timeout)
            outcomes[lib].append(outcome)
            shown = outcome.get("metrics") or outcome.get("message", "")
            print(f"  {name} x{factor} {lib} round {index + 1}: {shown}", file=sys.stderr)
    return {
        "name": name,
        "number": module.NUMBER,
        "title": module.TITLE,
        "factor": factor,
        "size": size,
        "scaled": name in SCALED and not args.smoke and not args.no_scaling,
        "scaling": module.SCALING,
        "metrics": [vars(metric) for metric in module.METRICS],
        "libs": {lib: combine(found) for lib, found in outcomes.items()},
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    memory_gb = 0.0
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = next(ln.split(":", 1)[1].strip() for ln in info.splitlines() if "model name" in ln)
        meminfo = Path("/proc/meminfo").read_text().split()
        memory_gb = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory_gb, "os": platform.platform()}


def interpreters(entries: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    """Each library's interpreter path, Python version and package versions, from its workers."""
    found: dict[str, Any] = {}
    paths = {"signoff": args.signoff_py, "langgraph": args.langgraph_py}
    for entry in entries:
        for lib, side in entry["libs"].items():
            for outcome in side["rounds"]:
                if "versions" in outcome and lib not in found:
                    found[lib] = {
                        "path": paths[lib],
                        "python": outcome["python"],
                        "versions": outcome["versions"],
                    }
    return found


def smoke_lines(entries: list[dict[str, Any]]) -> tuple[list[str], int]:
    """One line per workload and the count of failures (wrong results or crashed processes)."""
    lines, failed = [], 0
    for entry in entries:
        side = entry["libs"]["signoff"]
        label = f"{entry['number']:>2} {entry['name']}"
        if side["status"] == "ok":
            lines.append(f"ok       {label}")
        elif side["status"] == "unavailable":
            lines.append(f"skipped  {label}: {side['message']}")
        else:
            failed += 1
            lines.append(f"FAILED   {label}: {side['status']}: {side['message']}")
            for outcome in side["rounds"]:
                lines.extend("         " + ln for ln in outcome.get("stderr", "").splitlines())
    return lines, failed


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    names = select(args.only)
    libs = ["signoff"] if args.smoke else ["langgraph", "signoff"]
    started = time.perf_counter()
    if args.smoke:
        # Correctness only: no pinning, and two processes at a time to stay within 10 seconds.
        args.cpu = None
        with ThreadPoolExecutor(max_workers=2) as pool:
            entries = list(pool.map(lambda name: measure(name, 1, args, libs), names))
    else:
        entries = []
        for name in names:
            factors = FACTORS if name in SCALED and not args.no_scaling else (1,)
            for factor in factors:
                print(f"{name} x{factor}", file=sys.stderr)
                entries.append(measure(name, factor, args, libs))
    results = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "cpu": args.cpu,
        "rounds": 1 if args.smoke else args.rounds,
        "scaling_rounds": args.scaling_rounds,
        "smoke": args.smoke,
        "seconds": round(time.perf_counter() - started, 1),
        "interpreters": interpreters(entries, args),
        "workloads": entries,
    }
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    if args.smoke:
        lines, failed = smoke_lines(entries)
        skipped = sum(1 for e in entries if e["libs"]["signoff"]["status"] == "unavailable")
        passed = len(entries) - failed - skipped
        print("\n".join(lines))
        print(f"bench smoke on signoff took {results['seconds']} s")
        print(f"smoke: {passed} passed, {failed} failed, {skipped} skipped")
        return 1 if failed else 0
    print(report.render(results))
    bad = [e for e in entries for s in e["libs"].values() if s["status"] in ("wrong", "error")]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
