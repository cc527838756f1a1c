"""The sync driver: carries out the loop's effects in the calling thread.

A step with one task runs it inline (no thread hop); a step with several runs the first inline and
the others on a shared thread pool, each in a copy of the caller's context. Storage calls go
through the durability mode's store, if any (`runtime/durability.py`), emptied however the run
ends.
"""

from __future__ import annotations

import contextvars
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


def drive(run: Run) -> Iterator[Chunk]:
    """Run to the end, yielding stream chunks as soon as each effect has been carried out."""
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
                        store.saver.put_batch(batch)
                    if taken:
                        continue
                result = getattr(saver, effect.method)(*effect.args)
            else:
                assert type(effect) is Execute
                if control is None:
                    execute(effect)
                else:
                    token = set_control(control)
                    try:
                        execute(effect)
                    finally:
                        reset_control(token)
                result = None
            while queue:
                yield queue.popleft()
    finally:
        if store is not None:
            batch = store.finish()
            if batch:
                store.saver.put_batch(batch)
    while queue:
        yield queue.popleft()
