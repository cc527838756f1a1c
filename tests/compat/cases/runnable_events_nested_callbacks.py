"""A graph run inside a node reports under that node's run (a compiled subgraph as a node, and
one invoked in a node's function); callback handlers passed to a sync `invoke` see the graph's
and each node's run (with errors and interrupts), as LangGraph reports them."""

import asyncio
from typing import Any, TypedDict
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import START, StateGraph
from signoff.types import interrupt


class State(TypedDict):
    x: int


class Recorder(BaseCallbackHandler):
    """Chain runs as (event, name, run number, parent number, tags, what)."""

    def __init__(self) -> None:
        self.seen: list[Any] = []
        self.numbers: dict[UUID, int] = {}

    def _n(self, run_id: UUID | None) -> int | None:
        return None if run_id is None else self.numbers.setdefault(run_id, len(self.numbers))

    def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        number, parent = self._n(kw["run_id"]), self._n(kw.get("parent_run_id"))
        self.seen.append(("start", kw.get("name"), number, parent, kw.get("tags"), inputs))

    def on_chain_end(self, outputs: Any, **kw: Any) -> None:
        self.seen.append(("end", self._n(kw["run_id"]), outputs))

    def on_chain_error(self, error: BaseException, **kw: Any) -> None:
        self.seen.append(("error", self._n(kw["run_id"]), type(error).__name__))


def run() -> object:
    def inner(state: State) -> dict[str, Any]:
        return {"x": state["x"] * 10}

    sub = StateGraph(State).add_node("inner", inner).add_edge(START, "inner").compile()

    def calls_sub(state: State) -> Any:
        return sub.invoke(state)

    graph = (
        StateGraph(State)
        .add_node("sub", sub)
        .add_node("calls_sub", calls_sub)
        .add_edge(START, "sub")
        .add_edge("sub", "calls_sub")
        .compile()
    )

    def fails(state: State) -> dict[str, Any]:
        raise ValueError("no")

    failing = StateGraph(State).add_node("fails", fails).add_edge(START, "fails").compile()

    def ask(state: State) -> dict[str, Any]:
        return {"x": interrupt("value?")}

    asking = StateGraph(State).add_node("ask", ask).add_edge(START, "ask").compile()
    outer = (
        StateGraph(State)
        .add_node("asking", asking)
        .add_edge(START, "asking")
        .compile(checkpointer=InMemorySaver())
    )

    async def events() -> list[Any]:
        return [e async for e in graph.astream_events({"x": 1}, version="v2")]

    recorded: dict[str, Any] = {}
    for name, target, config in (
        ("nested", graph, {}),
        ("error", failing, {}),
        ("interrupt", outer, {"configurable": {"thread_id": "1"}}),
    ):
        recorder = Recorder()
        try:
            result: Any = target.invoke({"x": 1}, {**config, "callbacks": [recorder]})
        except ValueError as exc:
            result = exc
        recorded[name] = {"result": result, "runs": recorder.seen}
    return {"events": asyncio.run(events()), "callbacks": recorded}
