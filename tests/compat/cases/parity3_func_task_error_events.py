"""A `@task` call that raises (and is caught by the entrypoint): the `tasks` stream shows its
result with the error, sync and async, also when the resumed run calls it again."""

import asyncio
from typing import Any

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt


@task
def boom(x: int) -> int:
    raise ValueError(f"boom {x}")


@task
async def aboom(x: int) -> int:
    raise ValueError(f"aboom {x}")


@task
def ask(x: int) -> Any:
    return interrupt({"x": x})


@entrypoint(checkpointer=InMemorySaver())
def flow(x: int) -> Any:
    try:
        boom(x).result()
    except ValueError:
        x += 100
    return [x, ask(x).result()]


@entrypoint(checkpointer=InMemorySaver())
async def aflow(x: int) -> Any:
    try:
        await aboom(x)
    except ValueError:
        x += 100
    return x


def shown(chunks: list[Any]) -> list[Any]:
    return [
        (mode, {**data, "error": repr(data["error"])} if "error" in data else data)
        for mode, data in chunks
    ]


async def astreamed(flow: Any, arg: Any, config: Any) -> list[Any]:
    return [chunk async for chunk in flow.astream(arg, config, stream_mode=["tasks", "updates"])]


def run() -> object:
    config = {"configurable": {"thread_id": "1"}}
    modes = ["tasks", "updates"]
    first = list(flow.stream(1, config, stream_mode=modes))
    resumed = list(flow.stream(Command(resume="r"), config, stream_mode=modes))
    streamed = asyncio.run(astreamed(aflow, 1, {"configurable": {"thread_id": "2"}}))
    return {"sync": shown(first), "resumed": shown(resumed), "async": shown(streamed)}
