"""The HITL graph and cycle shared by workloads 5 (InMemorySaver), 6 (SQLite) and PG.

The graph is the seed's approval gate: `draft` writes an email, `review` asks a person with
`interrupt()`, `send` uses the answer. One run first pauses every thread (so all interrupts are
pending at once, as in an inbox), then answers each with `Command(resume=...)`; a cycle is one
thread's pause plus its resume.
"""

from __future__ import annotations

from typing import Any, TypedDict

from bench.lib import Lib, expect, thread
from bench.measure import Case


class ReviewState(TypedDict, total=False):
    request: int
    draft: str
    answer: str
    result: str


def build(lib: Lib, saver: Any) -> Any:
    """The approval graph START -> draft -> review (interrupt) -> send -> END on `saver`."""
    g = lib.graph
    ask = lib.types.interrupt

    def draft(state: ReviewState) -> dict[str, Any]:
        return {"draft": f"email {state['request']}"}

    def review(state: ReviewState) -> dict[str, Any]:
        return {"answer": ask({"draft": state["draft"]})}

    def send(state: ReviewState) -> dict[str, Any]:
        return {"result": f"{state['draft']} -> {state['answer']}"}

    builder = g.StateGraph(ReviewState)
    builder.add_node("draft", draft)
    builder.add_node("review", review)
    builder.add_node("send", send)
    builder.add_edge(g.START, "draft")
    builder.add_edge("draft", "review")
    builder.add_edge("review", "send")
    builder.add_edge("send", g.END)
    return builder.compile(checkpointer=saver)


def paused(i: int) -> tuple[dict[str, Any], list[Any]]:
    """What `invoke` returns when thread `i` pauses: its values and its interrupt payloads."""
    return {"request": i, "draft": f"email {i}"}, [{"draft": f"email {i}"}]


def finished(i: int) -> dict[str, Any]:
    return {
        "request": i,
        "draft": f"email {i}",
        "answer": f"ok {i}",
        "result": f"email {i} -> ok {i}",
    }


def check_cycles(outputs: object) -> None:
    """Each thread paused with its own question and finished with its own answer."""
    for i, (pause, final) in enumerate(outputs):  # type: ignore[arg-type]  # from cycle_case.run
        values = {k: v for k, v in pause.items() if k != "__interrupt__"}
        expect((values, [x.value for x in pause.get("__interrupt__", [])]), paused(i), f"pause {i}")
        expect(final, finished(i), f"finished thread {i}")


def cycle_case(lib: Lib, threads: int, saver: Any, prefix: str) -> Case:
    """A run pauses `threads` fresh threads, then resumes each; time is per cycle. The warm-up
    cycles 5 threads of their own."""
    graph = build(lib, saver)
    command = lib.types.Command

    def cycles(label: str, count: int) -> list[tuple[Any, Any]]:
        configs = [thread(f"{prefix}-{label}", i) for i in range(count)]
        pauses = [graph.invoke({"request": i}, c) for i, c in enumerate(configs)]
        finals = [graph.invoke(command(resume=f"ok {i}"), c) for i, c in enumerate(configs)]
        return list(zip(pauses, finals, strict=True))

    return Case(
        run=lambda rep: cycles(str(rep), threads),
        check=lambda rep, out: check_cycles(out),
        units=threads,
        warm=lambda: check_cycles(cycles("warm", min(5, threads))),
    )
