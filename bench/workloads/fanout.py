"""3. `Send` fan-out to 80 workers, each a compiled 3-node subgraph, then a join, on InMemorySaver.

What it shows: the cost of many tasks in one step, of entering a subgraph per task, and of a
reducer collecting 80 writes. Worker `i` returns `(i, 2*i + 1)`; the join sums the second items.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from bench.lib import Lib, expect, thread
from bench.measure import Budget, Case, Metric, time_case

NUMBER = "3"
NAME = "fanout"
TITLE = "Send fan-out to 80 subgraph workers + join"
METRICS = (Metric("run_ms", "per run", "ms", primary=True),)
SIZE = 80
SMOKE_SIZE = 4
SCALING = "total"


class FanState(TypedDict):
    count: int
    results: Annotated[list[tuple[int, int]], operator.add]
    total: int


class WorkerState(TypedDict):
    x: int
    y: int
    results: Annotated[list[tuple[int, int]], operator.add]


def double(state: WorkerState) -> dict[str, Any]:
    return {"y": state["x"] * 2}


def increment(state: WorkerState) -> dict[str, Any]:
    return {"y": state["y"] + 1}


def report(state: WorkerState) -> dict[str, Any]:
    return {"results": [(state["x"], state["y"])]}


def join(state: FanState) -> dict[str, Any]:
    return {"total": sum(y for _, y in state["results"])}


def build(lib: Lib) -> Any:
    g = lib.graph
    worker = g.StateGraph(WorkerState)
    worker.add_node("double", double)
    worker.add_node("increment", increment)
    worker.add_node("report", report)
    worker.add_edge(g.START, "double")
    worker.add_edge("double", "increment")
    worker.add_edge("increment", "report")
    worker.add_edge("report", g.END)

    def fan_out(state: FanState) -> list[Any]:
        return [lib.types.Send("worker", {"x": i}) for i in range(state["count"])]

    parent = g.StateGraph(FanState)
    parent.add_node("plan", lambda state: {"results": []})
    parent.add_node("worker", worker.compile())
    parent.add_node("join", join)
    parent.add_edge(g.START, "plan")
    parent.add_conditional_edges("plan", fan_out, ["worker"])
    parent.add_edge("worker", "join")
    parent.add_edge("join", g.END)
    return parent.compile(checkpointer=lib.memory.InMemorySaver())


def case(lib: Lib, size: int) -> Case:
    graph = build(lib)
    results = [(i, 2 * i + 1) for i in range(size)]
    final = {"count": size, "results": results, "total": sum(y for _, y in results)}

    def run(rep: int) -> object:
        return graph.invoke({"count": size, "results": [], "total": 0}, thread("fan", rep))

    def check(rep: int, result: object) -> None:
        expect(result, final, "final fan-out state (results in Send order)")

    return Case(run=run, check=check)


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    median, _ = time_case(case(lib, size), budget)
    return {"run_ms": median}
