"""A sync entrypoint run with `ainvoke` that calls an async `@task` and waits with `.result()`."""

import asyncio
from typing import Any

from signoff.func import entrypoint, task


@task
async def echo(x: int) -> int:
    return x


@entrypoint()
def sync_flow(x: int) -> int:
    return echo(x).result()


def run() -> object:
    try:
        result: Any = {"result": asyncio.run(sync_flow.ainvoke(1))}
    except Exception as error:
        result = {"raises": type(error).__name__, "message": str(error)}
    return result
