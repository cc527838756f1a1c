"""2. Wide state: 50 keys (~240 KB as JSON) of nested records, add-lists and merge-dicts, and a
chain of 10 nodes each touching 5 keys, on InMemorySaver.

What it shows: the cost of carrying a big state through steps and checkpoints when each step
changes a tenth of it. `size` is the state's size in KB at the start; the records per key follow.
The expected final state is computed by applying the same updates with plain Python reducers.
"""

from __future__ import annotations

import itertools
import json
import operator
from typing import Annotated, Any, TypedDict

from bench.lib import Lib, expect, thread
from bench.measure import Budget, Case, Metric, time_case

NUMBER = "2"
NAME = "wide_state"
TITLE = "wide state, 50 keys ~240 KB, 10 nodes x 5 keys"
METRICS = (Metric("run_ms", "per run (10 steps)", "ms", primary=True),)
SIZE = 240
SMOKE_SIZE = 12
SCALING = "total"

KEYS = [f"k{i:02d}" for i in range(50)]
NODES = 10
RECORD_BYTES = 210  # JSON size of one record, for sizing the state


def merge_dicts(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """The merge-dicts reducer: keys of the update win."""
    return {**left, **right}


def kind(key: str) -> str:
    """Keys cycle through a nested record (last value), an add-list and a merge-dict."""
    return ("record", "list", "dict")[int(key[1:]) % 3]


REDUCERS: dict[str, Any] = {"list": operator.add, "dict": merge_dicts}

WideState = TypedDict(  # type: ignore[misc]  # fifty fields are built, not typed out
    "WideState",
    {key: Annotated[Any, REDUCERS[kind(key)]] if kind(key) in REDUCERS else Any for key in KEYS},
)


def record(key: str, index: int) -> dict[str, Any]:
    """One nested record, about `RECORD_BYTES` of JSON."""
    return {
        "id": f"{key}-{index:05d}",
        "owner": {"name": f"user {index % 97}", "email": f"u{index % 97}@example.com"},
        "tags": ["alpha", "beta", f"t{index % 7}"],
        "scores": [index * 0.5, index * 0.25, float(index % 11)],
        "meta": {"created": "2024-05-01T12:00:00Z", "rev": index % 5, "ok": True},
    }


def initial_state(size_kb: int) -> dict[str, Any]:
    per_key = max(1, round(size_kb * 1024 / len(KEYS) / RECORD_BYTES))
    state: dict[str, Any] = {}
    for key in KEYS:
        records = [record(key, i) for i in range(per_key)]
        if kind(key) == "record":
            state[key] = {"title": key, "rev": 0, "rows": records}
        elif kind(key) == "list":
            state[key] = records
        else:
            state[key] = {item["id"]: item for item in records}
    return state


def update(key: str, value: Any, step: int) -> Any:
    """The write node `step` makes to `key` (a new value, never a mutation of `value`)."""
    fresh = record(key, 90_000 + step)
    if kind(key) == "record":
        return {
            "title": value["title"],
            "rev": value["rev"] + 1,
            "rows": [*value["rows"][1:], fresh],
        }
    if kind(key) == "list":
        return [fresh, record(key, 91_000 + step)]
    first = next(iter(value))
    return {first: {**value[first], "meta": {"rev": step}}, fresh["id"]: fresh}


def touched(step: int) -> list[str]:
    return KEYS[step * 5 : step * 5 + 5]


def expected_final(state: dict[str, Any]) -> dict[str, Any]:
    """The final state by plain Python: each node's writes folded in with the keys' reducers."""
    final = dict(state)
    for step in range(NODES):
        for key in touched(step):
            written = update(key, final[key], step)
            reducer = REDUCERS.get(kind(key))
            final[key] = reducer(final[key], written) if reducer else written
    return final


def _node(step: int) -> Any:
    def write(state: dict[str, Any]) -> dict[str, Any]:
        return {key: update(key, state[key], step) for key in touched(step)}

    return write


def build(lib: Lib) -> Any:
    builder = lib.graph.StateGraph(WideState)
    names = [f"w{step}" for step in range(NODES)]
    for step, name in enumerate(names):
        builder.add_node(name, _node(step))
    builder.add_edge(lib.graph.START, names[0])
    for before, after in itertools.pairwise(names):
        builder.add_edge(before, after)
    builder.add_edge(names[-1], lib.graph.END)
    return builder.compile(checkpointer=lib.memory.InMemorySaver())


def case(lib: Lib, size: int) -> Case:
    graph = build(lib)
    start = initial_state(size)
    kb = len(json.dumps(start)) / 1024
    if not 0.8 * size <= kb <= 1.2 * size:
        raise RuntimeError(f"wide state is {kb:.0f} KB, wanted about {size} KB: fix RECORD_BYTES")
    final = expected_final(start)

    def run(rep: int) -> object:
        return graph.invoke(start, thread("wide", rep))

    def check(rep: int, result: object) -> None:
        expect(result, final, "final wide state")

    return Case(run=run, check=check)


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    median, _ = time_case(case(lib, size), budget)
    return {"run_ms": median}
