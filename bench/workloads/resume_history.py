"""7. Resume latency on SQLite after 500 interrupt -> resume cycles vs after 10, and the bytes each
checkpoint costs, for a ~240 KB state of which each step changes one small key.

One thread loops on a node that asks a question, records the answer and asks again, so every
resume is one cycle and history grows by a cycle each time. Two threads, each in its own file, are
driven to 10 and to 500 cycles (untimed); then the next resumes of each are timed one by one. Bytes
per checkpoint are the pages the 500-cycle file uses (after folding its WAL back in) divided by the
checkpoints its thread holds.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, TypedDict

from bench.lib import Lib, expect, thread
from bench.measure import Budget, Metric
from bench.workloads.wide_state import KEYS, initial_state

NUMBER = "7"
NAME = "resume_history"
TITLE = "resume on SQLite after 500 cycles vs 10; bytes/checkpoint"
METRICS = (
    Metric("resume_ms", "resume after 500 cycles", "ms", primary=True),
    Metric("resume_short_ms", "resume after 10 cycles", "ms"),
    Metric("flatness", "after 500 / after 10", "x", limit=1.5),
    Metric("checkpoint_kb", "per checkpoint", "KB", goal=0.33),
)
SIZE = 500
SMOKE_SIZE = 8
SCALING = "per-unit"
STATE_KB = 240

HistoryState = TypedDict(  # type: ignore[misc]  # the wide state's keys plus two, built
    "HistoryState", {**dict.fromkeys(KEYS, Any), "count": int, "last": str}
)


def build(lib: Lib, saver: Any) -> Any:
    """START -> ask, and ask -> ask: each pass asks question `count` and records the answer."""
    ask = lib.types.interrupt

    def ask_again(state: dict[str, Any]) -> dict[str, Any]:
        answer = ask({"n": state["count"]})
        return {"count": state["count"] + 1, "last": answer}

    builder = lib.graph.StateGraph(HistoryState)
    builder.add_node("ask", ask_again)
    builder.add_edge(lib.graph.START, "ask")
    builder.add_edge("ask", "ask")
    return builder.compile(checkpointer=saver)


class Thread:
    """One looping thread in its own SQLite file."""

    def __init__(self, lib: Lib, path: Path, big: dict[str, Any]) -> None:
        self.path = path
        self._manager = lib.sqlite_saver.SqliteSaver.from_conn_string(str(path))
        self.saver = self._manager.__enter__()
        self.graph = build(lib, self.saver)
        self.command = lib.types.Command
        self.config = thread("history", 0)
        self.big = big
        self.cycles = 0
        out = self.graph.invoke({**big, "count": 0, "last": ""}, self.config)
        expect([x.value for x in out["__interrupt__"]], [{"n": 0}], "first question")

    def cycle(self) -> float:
        """Answer the pending question; return the seconds it took and check what came back."""
        n = self.cycles
        start = time.perf_counter()
        out = self.graph.invoke(self.command(resume=f"a{n}"), self.config)
        elapsed = time.perf_counter() - start
        expect([x.value for x in out["__interrupt__"]], [{"n": n + 1}], f"question after cycle {n}")
        expect((out["count"], out["last"]), (n + 1, f"a{n}"), f"state after cycle {n}")
        self.cycles += 1
        return elapsed

    def check_final(self) -> None:
        state = self.graph.get_state(self.config)
        wanted = {**self.big, "count": self.cycles, "last": f"a{self.cycles - 1}"}
        expect(state.values == wanted, True, f"full state after {self.cycles} cycles")
        expect(tuple(state.next), ("ask",), "next while paused")

    def checkpoints(self) -> int:
        return sum(1 for _ in self.saver.list(self.config))

    def close(self) -> None:
        self._manager.__exit__(None, None, None)


def used_bytes(path: Path) -> int:
    """Bytes of pages in use in the SQLite file at `path`, its WAL folded in first."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    return int((pages - free) * page_size)


def timed_resumes(t: Thread, history: int, samples: int) -> float:
    """Drive `t` to `history` cycles, then return the median ms of the next `samples` resumes."""
    while t.cycles < history:
        t.cycle()
    latency = statistics.median(t.cycle() for _ in range(samples)) * 1e3
    t.check_final()
    return latency


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    big = initial_state(STATE_KB if budget.warmup else 12)
    samples = 15 if budget.warmup else 2
    with tempfile.TemporaryDirectory(prefix="bench-history-") as folder:
        short = Thread(lib, Path(folder) / "short.db", big)
        long = Thread(lib, Path(folder) / "long.db", big)
        try:
            short_ms = timed_resumes(short, max(2, size // 50), samples)
            long_ms = timed_resumes(long, size, samples)
            count = long.checkpoints()
        finally:
            short.close()
            long.close()
        size_kb = used_bytes(long.path) / 1024
    return {
        "resume_ms": long_ms,
        "resume_short_ms": short_ms,
        "flatness": long_ms / short_ms,
        "checkpoint_kb": size_kb / count,
    }
