"""The async driver: the same loop as `sync.py`, with saver calls awaited (`a*` methods) and the
tasks of a step run concurrently as asyncio tasks (sync nodes on worker threads)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from signoff.runtime.loop import Call, Execute, Run
from signoff.runtime.plan import Task
from signoff.runtime.stream import Chunk
from signoff.runtime.task import TaskRunner


async def _run_one(runner: TaskRunner, task: Task, alone: bool) -> None:
    if task.node.is_async or alone:
        await runner.arun(task)
    else:
        await asyncio.to_thread(runner.run, task)


async def execute(effect: Execute) -> None:
    tasks, runner = effect.tasks, effect.runner
    if len(tasks) == 1:
        await _run_one(runner, tasks[0], True)
        return
    await asyncio.gather(*(_run_one(runner, t, False) for t in tasks))


async def adrive(run: Run) -> AsyncIterator[Chunk]:
    steps = run.steps()
    saver = run.saver
    queue = run.emitter.queue
    result: Any = None
    while True:
        try:
            effect = steps.send(result)
        except StopIteration:
            break
        if type(effect) is Call:
            result = await getattr(saver, "a" + effect.method)(*effect.args)
        else:
            assert type(effect) is Execute
            await execute(effect)
            result = None
        while queue:
            yield queue.popleft()
    while queue:
        yield queue.popleft()
