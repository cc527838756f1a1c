"""The async driver: the same loop as `sync.py`, with saver calls awaited (`a*` methods) and the
tasks of a step run concurrently as asyncio tasks (sync nodes on worker threads); when the caller
streams, chunks are handed out while the step runs (`execute_live`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from signoff.runtime.context import run_in_worker
from signoff.runtime.control import reset_control, set_control
from signoff.runtime.durability import store_for
from signoff.runtime.effects import Call, Execute
from signoff.runtime.loop import Run
from signoff.runtime.plan import Task
from signoff.runtime.stream import Chunk
from signoff.runtime.task import TaskRunner
from signoff.runtime.timeout import task_timeout


async def _run_one(runner: TaskRunner, task: Task) -> None:
    # a task with a timeout runs on the event loop, where it can be cancelled
    node = task.node
    if node.is_async or node.afn is not None or task_timeout(task) is not None:
        await runner.arun(task)
    else:
        await run_in_worker(runner.run, task)


async def execute(effect: Execute) -> None:
    """Run the step's tasks concurrently; if one raises past its recording (a drain), the others
    still finish before the exception goes on."""
    tasks, runner = effect.tasks, effect.runner
    if len(tasks) == 1:
        await _run_one(runner, tasks[0])
        return
    outcomes = await asyncio.gather(*(_run_one(runner, t) for t in tasks), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome


async def execute_live(effect: Execute, run: Run) -> AsyncGenerator[Chunk, None]:
    """Run the step's tasks while handing out their chunks as they come (tokens, custom chunks,
    each task's update when it finishes), not when the step ends."""
    emitter = run.emitter
    queue = emitter.queue
    loop = asyncio.get_running_loop()
    ready = asyncio.Event()

    def wake() -> None:  # chunks come from the loop and from worker threads (sync nodes)
        loop.call_soon_threadsafe(ready.set)

    emitter.notify = wake
    step = asyncio.ensure_future(execute(effect))
    try:
        while not step.done():
            waiting = asyncio.ensure_future(ready.wait())
            await asyncio.wait({step, waiting}, return_when=asyncio.FIRST_COMPLETED)
            waiting.cancel()
            ready.clear()
            while queue:
                yield queue.popleft()
    finally:
        emitter.notify = None
        if not step.done():  # an abandoned stream still lets its step's tasks finish
            await asyncio.wait({step})
    while queue:
        yield queue.popleft()
    step.result()


async def adrive(run: Run) -> AsyncIterator[Chunk]:
    steps = run.steps()
    saver = run.saver
    queue = run.emitter.queue
    control = run.control
    store = store_for(run.durability, saver)
    run.held = store
    live = bool(run.emitter.modes) and run.emitter.sink is None and not run.nested
    abandoned = False  # as in the sync driver: the step is finished and stored, then it stops
    result: Any = None
    try:
        while True:
            try:
                effect = steps.send(result)
            except StopIteration:
                break
            except Exception:
                if abandoned:
                    raise
                # what the run reported before it failed (a failed task's result) still streams
                while queue:
                    yield queue.popleft()
                raise
            if abandoned and type(effect) is Execute:
                steps.close()
                break
            if type(effect) is Call:
                if store is not None:
                    taken, result = store.take(effect)
                    batch = store.ready(effect)
                    if batch:
                        await store.saver.aput_batch(batch)
                    if taken:
                        continue
                result = await getattr(saver, "a" + effect.method)(*effect.args)
                if store is not None:
                    store.made()
            else:
                assert type(effect) is Execute
                token = set_control(control) if control is not None else None
                try:
                    if live:
                        inner = execute_live(effect, run)
                        try:
                            async for chunk in inner:
                                yield chunk
                        except GeneratorExit:
                            abandoned = True
                            await inner.aclose()  # lets the step's tasks finish
                    else:
                        await execute(effect)
                finally:
                    if token is not None:
                        reset_control(token)
                result = None
            if abandoned:
                queue.clear()
                continue
            while queue:
                yield queue.popleft()
    finally:
        if store is not None:
            batch = store.finish()
            if batch:
                await store.saver.aput_batch(batch)
    if abandoned:
        return
    while queue:
        yield queue.popleft()
