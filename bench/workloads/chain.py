"""1. A 100-node chain on InMemorySaver: the engine's fixed cost per step.

Each node adds one to a counter and names itself, so the answer (and the number of checkpoints
the default durability mode writes: the input, START's step, then one per node) is known without
running any library.
"""

from __future__ import annotations

import itertools
from typing import Any, TypedDict

from bench.lib import Lib, expect, thread
from bench.measure import Budget, Case, Metric, time_case

NUMBER = "1"
NAME = "chain"
TITLE = "100-node chain, InMemorySaver"
METRICS = (Metric("step_us", "per step", "µs", primary=True, goal=0.2),)
SIZE = 100
SMOKE_SIZE = 5
SCALING = "per-unit"


class ChainState(TypedDict):
    n: int
    last: str


def _node(name: str) -> Any:
    def step(state: ChainState) -> dict[str, Any]:
        return {"n": state["n"] + 1, "last": name}

    return step


def build(lib: Lib, size: int) -> Any:
    """A compiled chain START -> n0 -> ... -> n{size-1} -> END on a fresh InMemorySaver."""
    builder = lib.graph.StateGraph(ChainState)
    names = [f"n{i}" for i in range(size)]
    for name in names:
        builder.add_node(name, _node(name))
    builder.add_edge(lib.graph.START, names[0])
    for before, after in itertools.pairwise(names):
        builder.add_edge(before, after)
    builder.add_edge(names[-1], lib.graph.END)
    return builder.compile(checkpointer=lib.memory.InMemorySaver())


def case(lib: Lib, size: int) -> Case:
    graph = build(lib, size)

    def config(rep: int) -> dict[str, Any]:
        return thread("chain", rep, recursion_limit=size + 10)

    def run(rep: int) -> object:
        return graph.invoke({"n": 0, "last": ""}, config(rep))

    def check(rep: int, result: object) -> None:
        expect(result, {"n": size, "last": f"n{size - 1}"}, "final state")
        history = sum(1 for _ in graph.get_state_history(config(rep)))
        expect(history, size + 2, "checkpoints in the thread's history")

    return Case(run=run, check=check, units=size, scale=1e6)


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    median, _ = time_case(case(lib, size), budget)
    return {"step_us": median}
