"""The async driver: the same loop as `sync.py`, with saver calls awaited (`a*` methods) and the
tasks of a step run concurrently as asyncio tasks (sync nodes on worker threads)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from signoff.runtime.control import reset_control, set_control
from signoff.runtime.durability import store_for
from signoff.runtime.effects import Call, Execute
from signoff.runtime.loop import Run
from signoff.runtime.plan import Task
from signoff.runtime.stream import Chunk
from signoff.runtime.task import TaskRunner
from signoff.runtime.timeout import task_timeout


async def _run_one(runner: TaskRunner, task: Task, alone: bool) -> None:
    # a task with a timeout runs on the event loop, where it can be cancelled
    node = task.node
    if node.is_async or node.afn is not None or alone or task_timeout(task) is not None:
        await runner.arun(task)
    else:
        await asyncio.to_thread(runner.run, task)


async def execute(effect: Execute) -> None:
    """Run the step's tasks concurrently; if one raises past its recording (a drain), the others
    still finish before the exception goes on."""
    tasks, runner = effect.tasks, effect.runner
    if len(tasks) == 1:
        await _run_one(runner, tasks[0], True)
        return
    outcomes = await asyncio.gather(
        *(_run_one(runner, t, False) for t in tasks), return_exceptions=True
    )
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome


async def adrive(run: Run) -> AsyncIterator[Chunk]:
    steps = run.steps()
    saver = run.saver
    queue = run.emitter.queue
    control = run.control
    store = store_for(run.durability, saver)
    run.held = store
    result: Any = None
    try:
        while True:
            try:
                effect = steps.send(result)
            except StopIteration:
                break
            except Exception:
                # what the run reported before it failed (a failed task's result) still streams
                while queue:
                    yield queue.popleft()
                raise
            if type(effect) is Call:
                if store is not None:
                    taken, result = store.take(effect)
                    batch = store.ready(effect)
                    if batch:
                        await store.saver.aput_batch(batch)
                    if taken:
                        continue
                result = await getattr(saver, "a" + effect.method)(*effect.args)
            else:
                assert type(effect) is Execute
                if control is None:
                    await execute(effect)
                else:
                    token = set_control(control)
                    try:
                        await execute(effect)
                    finally:
                        reset_control(token)
                result = None
            while queue:
                yield queue.popleft()
    finally:
        if store is not None:
            batch = store.finish()
            if batch:
                await store.saver.aput_batch(batch)
    while queue:
        yield queue.popleft()
