"""Conditional edges under `astream_events` and a callback handler: each path function call is
a run of its own under its node's run (named after the function, "Unnamed" for a lambda, tagged
`seq:step:N` by its place after the node's state writer and static edges), with the state it
read as input and its raw answer (before `path_map`) as output; from START (hidden), with
`Send`s, and a path function that takes `config` (a model called with it runs beside it)."""

import asyncio
import operator
from typing import Annotated, Any, TypedDict

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig

from signoff.graph import END, START, StateGraph
from signoff.types import Send


class State(TypedDict):
    x: int
    log: Annotated[list[str], operator.add]


class Runs(BaseCallbackHandler):
    """Every chain run's start, end and error, with parents as indexes of earlier starts."""

    def __init__(self) -> None:
        self.ids: dict[Any, int] = {}
        self.log: list[Any] = []

    def _index(self, run_id: Any) -> int | None:
        return None if run_id is None else self.ids.setdefault(run_id, len(self.ids))

    def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        run, parent = self._index(kw["run_id"]), self._index(kw.get("parent_run_id"))
        self.log.append(("start", kw.get("name"), run, parent, kw.get("tags"), inputs))

    def on_chain_end(self, outputs: Any, **kw: Any) -> None:
        self.log.append(("end", self._index(kw["run_id"]), outputs))

    def on_chain_error(self, error: BaseException, **kw: Any) -> None:
        self.log.append(("error", self._index(kw["run_id"]), repr(error)))


def run() -> object:
    model = GenericFakeChatModel(
        messages=iter([AIMessage(content="ok", id=f"m{i}") for i in range(4)])
    )

    def a(state: State) -> dict[str, Any]:
        return {"x": state["x"] + 1}

    def b(state: State) -> dict[str, Any]:
        return {"log": ["b"]}

    def c(state: State) -> dict[str, Any]:
        return {"log": [f"c{state['x']}"]}

    def start_route(state: State) -> str:
        return "a"

    def decide(state: State) -> str:
        return "go" if state["x"] < 3 else "stop"

    def fan_out(state: State, config: RunnableConfig) -> list[Send]:
        model.invoke("which?", config)  # with the path function's config: beside it
        return [Send("c", {"x": 9, "log": []})]

    graph = (
        StateGraph(State)
        .add_node("a", a)
        .add_node("b", b)
        .add_node("c", c)
        .add_conditional_edges(START, start_route)
        .add_edge("a", "b")
        .add_conditional_edges("a", decide, {"go": "b", "stop": END})
        .add_conditional_edges("a", lambda s: END)
        .add_conditional_edges("b", fan_out)
        .compile()
    )
    config = {"tags": ["mine"], "metadata": {"user": "u1"}}

    async def observe() -> object:
        events = [e async for e in graph.astream_events({"x": 1, "log": []}, config)]
        runs = Runs()
        result = graph.invoke({"x": 1, "log": []}, {"callbacks": [runs]})
        return {"events": events, "invoke": result, "callbacks": runs.log}

    return asyncio.run(observe())
