"""Conformance checks for the async `a*` methods: the same store, the same answers as the sync ones.

The sync methods are called through `asyncio.to_thread`, as code on the event loop must call them
(an async saver's sync methods hand their work to that loop, so calling them on it would block it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from signoff.checkpoint.base import BaseCheckpointSaver, CheckpointMetadata, empty_checkpoint
from signoff.checkpoint.testing._support import (
    answer_for,
    config,
    expect,
    expect_equal,
    interrupt_record,
    new_name,
)
from signoff.errors import InterruptAlreadyAnsweredError

T = TypeVar("T")


async def _sync(fn: Callable[..., T], *args: Any) -> T:
    return await asyncio.to_thread(fn, *args)


async def check_async_same_results(saver: BaseCheckpointSaver) -> None:
    thread = new_name()
    configs = []
    parent = config(thread)
    version = None
    for step in range(3):
        checkpoint = empty_checkpoint()
        version = saver.get_next_version(version, "n")
        checkpoint["channel_values"] = {"n": step, "big": "b" * 100}
        checkpoint["channel_versions"] = {"n": version, "big": 1}
        new_versions = {"n": version, **({"big": 1} if step == 0 else {})}
        meta = CheckpointMetadata(source="loop", step=step)
        parent = await saver.aput(parent, checkpoint, meta, new_versions)
        configs.append(parent)
    await saver.aput_writes(parent, [("n", 9), ("x", "y")], "task-1")
    rec = interrupt_record(parent, "task-1")
    await saver.aput_interrupts(parent, "task-1", [rec])
    latest = await saver.aget_tuple(config(thread))
    expect_equal(latest, await _sync(saver.get_tuple, config(thread)), "aget_tuple == get_tuple")
    expect(latest is not None and latest.checkpoint["channel_values"]["n"] == 2, "latest value")
    expect_equal(await saver.aget(configs[0]), await _sync(saver.get, configs[0]), "aget == get")
    for kwargs in ({}, {"limit": 2}, {"before": configs[2]}, {"filter": {"step": 1}}):
        got = [t async for t in saver.alist(config(thread), **kwargs)]
        listed = await _sync(lambda: list(saver.list(config(thread), **kwargs)))  # noqa: B023  # awaited in the loop
        expect_equal(got, listed, f"alist {kwargs}")
    pending = await saver.apending_interrupts(thread_id=thread)
    expect_equal(pending, [rec], "apending_interrupts")
    await saver.aput_answers(parent, [answer_for(rec, "yes", by="bob")])
    expect_equal(await saver.apending_interrupts(thread_id=thread), [], "answered")
    answers = await saver.aanswers(thread)
    expect_equal(answers, await _sync(saver.answers, thread), "aanswers == answers")
    expect_equal([(a.value, a.answered_by) for a in answers], [("yes", "bob")], "answer")
    mine = [i for i in await saver.alist_threads() if i.thread_id == thread]
    threads = await _sync(saver.list_threads)
    expect_equal(mine, [i for i in threads if i.thread_id == thread], "alist_threads")
    expect_equal(await saver.aprune(thread, keep_last=1), 2, "aprune")
    expect_equal(len([t async for t in saver.alist(config(thread))]), 1, "pruned history")
    await saver.adelete_thread(thread)
    expect_equal(await saver.aget_tuple(config(thread)), None, "adelete_thread")


async def check_async_exactly_once(saver: BaseCheckpointSaver) -> None:
    """20 concurrent `aput_answers` of one interrupt: exactly one wins."""
    thread = new_name()
    checkpoint = empty_checkpoint()
    at = await saver.aput(config(thread), checkpoint, CheckpointMetadata(source="loop", step=0), {})
    rec = interrupt_record(at, "task-1")
    await saver.aput_interrupts(at, "task-1", [rec])

    async def answer(i: int) -> bool:
        try:
            await saver.aput_answers(at, [answer_for(rec, i)])
        except InterruptAlreadyAnsweredError:
            return False
        return True

    won = await asyncio.gather(*(answer(i) for i in range(20)))
    expect_equal(sum(won), 1, "exactly one answer wins")
    audit = await saver.aanswers(thread)
    expect_equal([a.value for a in audit], [won.index(True)], "only the winner is audited")
