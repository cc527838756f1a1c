"""`@task` calls under `astream_events` and a callback handler: each call is a run of its own
(named after the task, tagged `seq:step:1`, the call's metadata, its arguments by name as input,
its result streamed and as output) under the run of the node or task that called it; what the
task calls (a chat model, another task) nests under it. Sync and async tasks in an async
entrypoint, and sync tasks in a sync entrypoint run with `invoke`.

Events are compared per run: when the graph's own stream chunks interleave with the runs of a
running entrypoint depends on event-loop scheduling."""

import asyncio
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint, task


class Runs(BaseCallbackHandler):
    """Every chain run's start, end and error, with parents as indexes of earlier starts."""

    def __init__(self) -> None:
        self.ids: dict[Any, int] = {}
        self.log: list[Any] = []

    def _index(self, run_id: Any) -> int | None:
        return None if run_id is None else self.ids.setdefault(run_id, len(self.ids))

    def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        run, parent = self._index(kw["run_id"]), self._index(kw.get("parent_run_id"))
        metadata = kw.get("metadata") or {}
        node = metadata.get("langgraph_node")
        self.log.append(("start", kw.get("name"), run, parent, kw.get("tags"), node, inputs))

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
    model = GenericFakeChatModel(messages=iter([AIMessage(content="hi there", id="m1")]))

    @task
    def double(x: int) -> int:
        return x * 2

    @task
    async def talk(x: int) -> str:
        reply = await model.ainvoke(f"say {x}")
        return str(reply.content)

    @task(name="named")
    def plus(x: int, step: int = 1, **extra: int) -> int:
        return x + step + sum(extra.values())

    @task
    def outer(x: int) -> int:
        return double(x).result() + 1

    @entrypoint(checkpointer=InMemorySaver())
    async def flow(n: int) -> dict[str, Any]:
        d = await double(n)
        t = await talk(d)
        p = await plus(d, bonus=10)
        o = await outer(p)
        return {"d": d, "t": t, "p": p, "o": o}

    @entrypoint(checkpointer=InMemorySaver())
    def sync_flow(n: int) -> int:
        return outer(n).result() + plus(n, 2).result()

    config = {"configurable": {"thread_id": "t"}, "tags": ["mine"], "metadata": {"user": "u"}}

    async def observe() -> list[dict[str, Any]]:
        return [e async for e in flow.astream_events(3, config, version="v2")]

    events = asyncio.run(observe())
    runs = Runs()
    result = sync_flow.invoke(4, {"configurable": {"thread_id": "s"}, "callbacks": [runs]})
    return {"events": by_run(events), "invoke": result, "callbacks": runs.log}
