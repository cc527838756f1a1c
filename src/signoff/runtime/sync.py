"""The sync driver: carries out the loop's effects in the calling thread.

A step with one task runs it inline (no thread hop); a step with several runs the first inline and
the others on a shared thread pool, each in a copy of the caller's context.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from signoff.runtime.loop import Call, Execute, Run
from signoff.runtime.stream import Chunk

_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=64, thread_name_prefix="signoff")
    return _pool


def execute(effect: Execute) -> None:
    tasks, runner = effect.tasks, effect.runner
    if len(tasks) == 1:
        runner.run(tasks[0])
        return
    futures: list[Future[None]] = [
        pool().submit(contextvars.copy_context().run, runner.run, task) for task in tasks[1:]
    ]
    runner.run(tasks[0])
    for future in futures:
        future.result()


def drive(run: Run) -> Iterator[Chunk]:
    """Run to the end, yielding stream chunks as soon as each effect has been carried out."""
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
            result = getattr(saver, effect.method)(*effect.args)
        else:
            assert type(effect) is Execute
            execute(effect)
            result = None
        while queue:
            yield queue.popleft()
    while queue:
        yield queue.popleft()
