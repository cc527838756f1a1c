"""@entrypoint starting two interrupting @tasks before reading either (futures list, or
asyncio.gather): the first pause surfaces, and answering one at a time finishes the run."""

import asyncio
from typing import Any

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt


@task
def ask(x: int) -> Any:
    return interrupt({"x": x})


@task
async def aask(x: int) -> Any:
    return interrupt({"x": x})


@entrypoint(checkpointer=MemorySaver())
def futures(xs: list[int]) -> list[Any]:
    pending = [ask(x) for x in xs]
    return [f.result() for f in pending]


@entrypoint(checkpointer=MemorySaver())
async def gathered(xs: list[int]) -> list[Any]:
    return list(await asyncio.gather(*[aask(x) for x in xs]))


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error)}


def answer_all(flow: Any, config: Any) -> list[object]:
    steps: list[object] = []
    for _ in range(3):
        state = flow.get_state(config)
        if not state.interrupts:
            break
        answers = {i.id: f"a{i.value['x']}" for i in state.interrupts}
        steps.append(attempt(lambda a=answers: flow.invoke(Command(resume=a), config)))
    return steps


def run() -> object:
    config = {"configurable": {"thread_id": "futures"}}
    first = attempt(lambda: futures.invoke([1, 2], config))
    sync_steps = answer_all(futures, config)

    async def start() -> object:
        config = {"configurable": {"thread_id": "gathered"}}
        try:
            return await gathered.ainvoke([1, 2], config)
        except Exception as error:
            return {"raises": type(error).__name__, "message": str(error)}

    async_first = asyncio.run(start())
    async_config = {"configurable": {"thread_id": "gathered"}}

    async def resume(answers: dict[str, Any]) -> object:
        try:
            return await gathered.ainvoke(Command(resume=answers), async_config)
        except Exception as error:
            return {"raises": type(error).__name__, "message": str(error)}

    async_steps: list[object] = []
    for _ in range(3):
        pending = gathered.get_state(async_config).interrupts
        if not pending:
            break
        async_steps.append(asyncio.run(resume({i.id: f"a{i.value['x']}" for i in pending})))
    return {
        "sync": {"first": first, "steps": sync_steps},
        "async": {"first": async_first, "steps": async_steps},
    }
