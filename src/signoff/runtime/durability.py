"""Where a run's storage calls wait, by durability mode; `store_for` picks the store.

`"sync"`: none, every step's checkpoint is stored before the next step starts. `"async"` (the
default): the same, except on savers that store a batch for less than its parts (SQLite), where a
`GroupStore` (`runtime/grouping.py`) stores quick steps together. With
`"exit"` the loop runs the same, but the drivers hand its storage calls to an `ExitStore` first:
checkpoints are held back, and when the run ends — finished, interrupted, failed, drained, or
abandoned by its caller — only the last checkpoint is stored (as a child of the last one that was
stored) together with the writes made against it (interrupts, errors and `@task` results of
the unfinished step). Writes of steps that completed are dropped, as their effect is in the
checkpoint. An answer's claim is never held: it is made at once, after what is held back is
stored.

The loop never learns: a held-back `put` answers with the config a saver would have returned.
"""

from __future__ import annotations

from typing import Any

from signoff.checkpoint.base import BaseCheckpointSaver, BatchCall, RunnableConfig
from signoff.constants import RETURN
from signoff.runtime.effects import Call
from signoff.runtime.grouping import GroupStore, stored_config

_WRITES = frozenset({"put_writes", "put_interrupts", "index_interrupts"})


class ExitStore:
    """Holds back one run's checkpoints and the writes made against them until `finish()`."""

    __slots__ = ("held", "last", "parent", "saver", "unsaved", "versions")

    def __init__(self, saver: BaseCheckpointSaver) -> None:
        self.saver = saver
        self.unsaved: set[str] = set()
        """Ids of checkpoints the loop believes stored."""
        self.parent: RunnableConfig | None = None
        """The parent of the first held-back checkpoint: the last one really stored."""
        self.last: tuple[Any, Any] | None = None
        """(checkpoint, metadata) of the newest held-back checkpoint."""
        self.versions: set[str] = set()
        """Channels whose value changed since the last stored checkpoint."""
        self.held: list[Call] = []
        """Writes against the newest held-back checkpoint."""

    def take(self, call: Call) -> tuple[bool, Any]:
        """(True, what the loop receives) if `call` is held back; (False, None) to make it now."""
        method = call.method
        if method == "put":
            config, checkpoint, metadata, new_versions = call.args
            return True, self.hold_checkpoint(config, checkpoint, metadata, new_versions)
        if method == "put_step":
            # the step's writes are against a checkpoint this run moves past: not stored
            _writes_at, _writes, config, checkpoint, metadata, new_versions = call.args
            return True, self.hold_checkpoint(config, checkpoint, metadata, new_versions)
        if method in _WRITES and self.holds(call.args[0]):
            self.hold_write(call)
            return True, None
        return False, None

    def holds(self, config: Any) -> bool:
        """Whether writes against the checkpoint `config` names wait for the exit."""
        return _checkpoint_id(config) in self.unsaved

    def hold_write(self, call: Call) -> None:
        """Keep a write for the exit if it is against the newest held-back checkpoint; writes
        against older ones belong to steps that completed and are dropped."""
        if self.last is not None and _checkpoint_id(call.args[0]) == self.last[0]["id"]:
            self.held.append(call)

    def recorders(self, config: RunnableConfig) -> tuple[Any, Any]:
        """How a `@task` records its result during a step whose checkpoint is held back: the
        write waits with the others, so a pause keeps it and a completed step drops it."""

        def record(call_id: str, value: Any) -> None:
            self.hold_write(Call("put_writes", (config, [(RETURN, value)], call_id, "")))

        async def arecord(call_id: str, value: Any) -> None:
            record(call_id, value)

        return record, arecord

    def hold_checkpoint(
        self, config: RunnableConfig, checkpoint: Any, metadata: Any, new_versions: Any
    ) -> RunnableConfig:
        """Keep a checkpoint back; answer with the config a saver would have returned."""
        if self.last is None:
            self.parent = config
        self.last = (checkpoint, metadata)
        self.unsaved.add(checkpoint["id"])
        self.versions.update(new_versions)
        self.held = []
        return stored_config(config, checkpoint["id"])

    def ready(self, call: Call) -> list[BatchCall]:
        """Nothing is stored before the run ends, except before an answer's claim against a
        held-back checkpoint: a claim is made at once (exactly once), so what it is against is
        stored first."""
        if call.method == "put_answers" and self.holds(call.args[0]):
            return self.finish()
        return []

    def made(self) -> None:
        """A call not held back was made; nothing changes."""

    def finish(self) -> list[BatchCall]:
        """The calls that store what was held back: the last checkpoint, then its writes."""
        if self.last is None or self.parent is None:
            return []
        checkpoint, metadata = self.last
        versions = checkpoint["channel_versions"]
        new_versions = {k: versions[k] for k in self.versions if k in versions}
        batch: list[BatchCall] = [("put", (self.parent, checkpoint, metadata, new_versions))]
        batch += [(call.method, call.args) for call in self.held]
        self.last = None
        self.held = []
        self.unsaved.clear()
        return batch


def _checkpoint_id(config: Any) -> Any:
    if not isinstance(config, dict):
        return None
    return config.get("configurable", {}).get("checkpoint_id")


Store = ExitStore | GroupStore


def store_for(durability: str, saver: BaseCheckpointSaver | None) -> Store | None:
    """The store a run with this durability on `saver` sends its storage calls through."""
    if saver is None:
        return None
    if durability == "exit":
        return ExitStore(saver)
    if durability == "async" and saver.groups_writes:
        return GroupStore(saver)
    return None
