"""`durability="async"` on a saver that stores a batch for less than its parts (SQLite): quick
steps are stored together.

LangGraph's "async" stores each checkpoint in the background while the next step runs, so a
crash can lose the newest ones. signoff holds the run's storage calls back instead and makes them
as one batch (`saver.put_batch`: one SQLite transaction, where separate commits would each write
the same index pages again):

- once `WINDOW` seconds have gone by since nothing was left unstored (the last batch, read or
  answer claim), when a checkpoint or a write arrives (a step slower than that is stored the
  moment it ends, before the next one starts);
- before any call that is not held (a read, an answer claim), so it sees everything before it;
- when the run ends, however it ends: finished, interrupted, failed, drained or abandoned.

So `invoke` returns only once everything is stored, and a crash loses at most the last `WINDOW`
of finished work, which the next run of the thread does again. `@task` results go through the
same batch (`recorders`). `durability="sync"` stores every step before the next one starts.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from signoff.checkpoint.base import (
    BATCH_METHODS,
    BaseCheckpointSaver,
    BatchCall,
    RunnableConfig,
    copy_checkpoint,
)
from signoff.checkpoint.serde import Encoded, Serializer
from signoff.constants import RETURN
from signoff.runtime.effects import Call

WINDOW = 0.01
"""Seconds of finished work a crash may lose: older held calls are stored with the next one."""

_CHECKPOINTS = frozenset({"put", "put_step"})


class GroupStore:
    """One run's held storage calls, in order, and when the last batch was stored."""

    __slots__ = ("held", "lock", "saver", "since")

    def __init__(self, saver: BaseCheckpointSaver) -> None:
        self.saver = saver
        self.held: list[BatchCall] = []
        self.since = time.monotonic()
        self.lock = threading.Lock()
        """Orders the batches of `@task` results recorded by parallel tasks."""

    def take(self, call: Call) -> tuple[bool, Any]:
        """(True, what the loop receives) if `call` is held; (False, None) to make it now, after
        what `ready` returns."""
        if call.method not in BATCH_METHODS:
            return False, None
        self.held.append(freeze(self.saver.serde, call.method, call.args))
        if call.method in _CHECKPOINTS:
            config, checkpoint = call.args[-4], call.args[-3]
            return True, stored_config(config, checkpoint["id"])
        return True, None

    def ready(self, call: Call) -> list[BatchCall]:
        """What to store now, before `call` is made or after it was held."""
        if not self.held:
            return []
        if call.method in BATCH_METHODS and time.monotonic() - self.since < WINDOW:
            return []
        return self.finish()

    def made(self) -> None:
        """A call that is not held (a read, an answer claim) was made, everything before it
        stored: the window starts over, as nothing finished is left unstored."""
        self.since = time.monotonic()

    def finish(self) -> list[BatchCall]:
        """Everything held; the run ends or the window has passed."""
        batch, self.held = self.held, []
        self.since = time.monotonic()
        return batch

    def holds(self, config: Any) -> bool:
        return True

    def recorders(self, config: RunnableConfig) -> tuple[Any, Any]:
        """How a `@task` stores its result mid-step: held like the rest, and the batch stored
        (under the lock, so batches keep their order) once the window has passed."""

        def record(call_id: str, value: Any) -> None:
            with self.lock:
                args = (config, [(RETURN, value)], call_id, "")
                self.held.append(freeze(self.saver.serde, "put_writes", args))
                if time.monotonic() - self.since >= WINDOW:
                    self.saver.put_batch(self.finish())

        async def arecord(call_id: str, value: Any) -> None:
            # the batch is stored on a worker thread: the event loop never waits on the lock
            await asyncio.to_thread(record, call_id, value)

        return record, arecord


def stored_config(config: RunnableConfig, checkpoint_id: str) -> RunnableConfig:
    """The config a saver's `put` returns for the checkpoint `checkpoint_id` put under `config`."""
    configurable = config.get("configurable", {})
    return {
        "configurable": {
            "thread_id": configurable.get("thread_id"),
            "checkpoint_ns": configurable.get("checkpoint_ns", ""),
            "checkpoint_id": checkpoint_id,
        }
    }


def freeze(serde: Serializer, method: str, args: tuple[Any, ...]) -> BatchCall:
    """The call with nothing the run may still change: the checkpoint's dicts copied, new values
    and written values encoded now (a node may change in place a value it was given, and the run
    goes on changing the checkpoint's versions)."""
    if method in _CHECKPOINTS:
        *head, config, checkpoint, metadata, new_versions = args
        frozen = copy_checkpoint(checkpoint)
        values = frozen["channel_values"]
        for channel in new_versions:
            if channel in values:
                values[channel] = Encoded(*serde.dumps_typed(values[channel]))
        if method == "put_step":
            writes_at, step_writes = head
            head = [writes_at, [(t, _frozen_writes(serde, w)) for t, w in step_writes]]
        return method, (*head, config, frozen, dict(metadata), dict(new_versions))
    if method == "put_writes":
        config, writes, task_id, task_path = args
        return method, (config, _frozen_writes(serde, writes), task_id, task_path)
    return method, args


def _frozen_writes(serde: Serializer, writes: Any) -> list[tuple[str, Encoded]]:
    return [(channel, Encoded(*serde.dumps_typed(value))) for channel, value in writes]
