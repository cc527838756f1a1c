"""The sync driver: carries out the loop's effects in the calling thread.

A step with one task runs it inline (no thread hop); a step with several runs the first inline and
the others on a shared thread pool, each in a copy of the caller's context. When the caller
streams, the step runs on a thread of its own instead and the caller's thread hands out chunks
as they are made (`execute_live`). Storage calls go through the durability mode's store, if any
(`runtime/durability.py`), emptied however the run ends.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from signoff.runtime.control import reset_control, set_control
from signoff.runtime.durability import store_for
from signoff.runtime.effects import Call, Execute
from signoff.runtime.loop import Run
from signoff.runtime.stream import Chunk

_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="signoff")
    return _pool


_steps: ThreadPoolExecutor | None = None


def step_pool() -> ThreadPoolExecutor:
    """Threads that run a streamed step while the caller's thread hands out its chunks: apart
    from `pool()`, whose threads the step's parallel tasks take, so neither waits on the other."""
    global _steps
    if _steps is None:
        _steps = ThreadPoolExecutor(max_workers=256, thread_name_prefix="signoff-step")
    return _steps


def execute(effect: Execute) -> None:
    """Run the step's tasks; if one raises past its recording (a drain), the others still
    finish before the exception goes on."""
    tasks, runner = effect.tasks, effect.runner
    if len(tasks) == 1:
        runner.run(tasks[0])
        return
    futures: list[Future[None]] = [
        pool().submit(contextvars.copy_context().run, runner.run, task) for task in tasks[1:]
    ]
    try:
        runner.run(tasks[0])
    finally:
        wait(futures)
    for future in futures:
        future.result()


def execute_live(effect: Execute, run: Run) -> Iterator[Chunk]:
    """Run the step's tasks on pool threads and hand out their chunks as they come (tokens,
    custom chunks, each task's update when it finishes), not when the step ends."""
    emitter = run.emitter
    queue = emitter.queue
    ready = threading.Event()
    outcome: list[BaseException] = []
    finished = threading.Event()
    control = run.control

    def work() -> None:
        token = set_control(control) if control is not None else None
        try:
            execute(effect)
        except BaseException as exc:  # handed to the driver thread below
            outcome.append(exc)
        finally:
            if token is not None:
                reset_control(token)
            finished.set()
            ready.set()

    emitter.notify = ready.set
    try:
        step_pool().submit(contextvars.copy_context().run, work)
        while True:
            ready.wait()
            ready.clear()
            while queue:
                yield queue.popleft()
            if finished.is_set():
                break
    finally:
        emitter.notify = None
        finished.wait()  # an abandoned stream still lets its step's tasks finish
    while queue:
        yield queue.popleft()
    if outcome:
        raise outcome[0]


def drive(run: Run) -> Iterator[Chunk]:
    """Run to the end, yielding stream chunks as soon as each effect has been carried out."""
    steps = run.steps()
    saver = run.saver
    queue = run.emitter.queue
    control = run.control
    store = store_for(run.durability, saver)
    run.held = store
    # a stream is handed out as it happens; a run inside a task streams through its parent's
    live = bool(run.emitter.modes) and run.emitter.sink is None and not run.nested
    abandoned = False
    """The caller stopped reading during a step: the step is finished and stored (as LangGraph
    does), nothing more is handed out, and the run stops before its next step."""
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
                        store.saver.put_batch(batch)
                    if taken:
                        continue
                result = getattr(saver, effect.method)(*effect.args)
                if store is not None:
                    store.made()
            else:
                assert type(effect) is Execute
                if live:
                    try:
                        yield from execute_live(effect, run)
                    except GeneratorExit:
                        abandoned = True
                elif control is None:
                    execute(effect)
                else:
                    token = set_control(control)
                    try:
                        execute(effect)
                    finally:
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
                store.saver.put_batch(batch)
    if abandoned:
        return
    while queue:
        yield queue.popleft()
