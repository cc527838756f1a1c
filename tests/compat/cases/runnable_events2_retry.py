"""Retries under `astream_events` and a callback handler: each attempt of a node with a
`RetryPolicy` is a node run of its own (the failed one ends with its error, which
`astream_events` does not show), and what an attempt calls nests under that attempt's run; the
same for `@task` calls; a task that fails for good; an interrupted entrypoint (its run ends with
the interrupt) and its resume, where recorded task results are not run again.

Events are compared per run: when the graph's own stream chunks interleave with the runs of a
sync node on its worker thread depends on thread scheduling."""

import asyncio
from typing import Any, TypedDict

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint, task
from signoff.graph import START, StateGraph
from signoff.types import Command, RetryPolicy, interrupt


class State(TypedDict):
    x: int


class Runs(BaseCallbackHandler):
    """Every chain and chat model run's start, end and error (parents as start indexes)."""

    def __init__(self) -> None:
        self.ids: dict[Any, int] = {}
        self.log: list[Any] = []

    def _index(self, run_id: Any) -> int | None:
        return None if run_id is None else self.ids.setdefault(run_id, len(self.ids))

    def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        run, parent = self._index(kw["run_id"]), self._index(kw.get("parent_run_id"))
        self.log.append(("start", kw.get("name"), run, parent, kw.get("tags"), inputs))

    def on_chat_model_start(self, serialized: Any, messages: Any, **kw: Any) -> None:
        run, parent = self._index(kw["run_id"]), self._index(kw.get("parent_run_id"))
        self.log.append(("model", run, parent, kw.get("tags")))

    def on_chain_end(self, outputs: Any, **kw: Any) -> None:
        self.log.append(("end", self._index(kw["run_id"]), outputs))

    def on_chain_error(self, error: BaseException, **kw: Any) -> None:
        self.log.append(("error", self._index(kw["run_id"]), repr(error)))


def by_run(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    runs: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        runs.setdefault(event["run_id"], []).append(event)
    return list(runs.values())


def run() -> object:
    replies = iter([AIMessage(content=f"reply {i}", id=f"m{i}") for i in range(8)])
    model = GenericFakeChatModel(messages=replies)
    policy = RetryPolicy(initial_interval=0.001, jitter=False, retry_on=ValueError)
    tries = {"node": 0, "anode": 0, "task": 0}

    def flaky(state: State) -> dict[str, Any]:
        tries["node"] += 1
        model.invoke("hello")
        if tries["node"] % 2 == 1:
            raise ValueError("first attempt fails")
        return {"x": state["x"] + 1}

    async def aflaky(state: State) -> dict[str, Any]:
        tries["anode"] += 1
        await model.ainvoke("hello")
        if tries["anode"] % 2 == 1:
            raise ValueError("first attempt fails")
        return {"x": state["x"] * 10}

    graph = (
        StateGraph(State)
        .add_node("flaky", flaky, retry_policy=policy)
        .add_node("aflaky", aflaky, retry_policy=policy)
        .add_edge(START, "flaky")
        .add_edge("flaky", "aflaky")
        .compile()
    )

    @task(retry_policy=policy)
    def shaky(a: int, b: int = 2) -> int:
        tries["task"] += 1
        if tries["task"] == 1:
            raise ValueError("task fails once")
        return a + b

    @task
    def broken(a: int) -> int:
        raise KeyError("always")

    @entrypoint(checkpointer=InMemorySaver())
    def flow(n: int) -> dict[str, Any]:
        v = shaky(n).result()
        try:
            broken(v).result()
        except KeyError:
            pass
        return {"v": v, "w": interrupt("more?")}

    thread = {"configurable": {"thread_id": "t"}, "tags": ["mine"]}

    runs = Runs()

    async def observe() -> dict[str, Any]:
        events = [e async for e in graph.astream_events({"x": 1}, {"tags": ["mine"]})]
        paused = [e async for e in flow.astream_events(3, thread)]
        resumed = [e async for e in flow.astream_events(Command(resume=1), thread)]
        result = await graph.ainvoke({"x": 1}, {"callbacks": [runs]})
        return {
            "graph": by_run(events),
            "paused": by_run(paused),
            "resumed": by_run(resumed),
            "ainvoke": result,
        }

    observed = asyncio.run(observe())
    observed["callbacks"] = runs.log
    runs = Runs()
    tries["task"] = 0
    thread2 = {"configurable": {"thread_id": "u"}, "callbacks": [runs]}
    observed["flow"] = [flow.invoke(3, thread2), flow.invoke(Command(resume=2), thread2)]
    observed["flow_callbacks"] = runs.log
    return observed
