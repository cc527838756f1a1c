"""A channel holds one piece of graph state and decides how the writes of a step combine into it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__slots__": ()})()
"""Marks a channel (or a checkpointed channel value) that holds nothing."""


class EmptyChannelError(Exception):
    """Read from a channel that holds no value."""


class BaseChannel:
    """One state key (or internal trigger). Subclasses keep their value in `value`.

    `update` applies all writes of one step at once; `consume` runs when a task that was triggered by
    this channel has run; `finish` runs when the graph would otherwise stop (for deferred nodes).
    """

    __slots__ = ("key", "typ", "value")

    cleared_each_step: ClassVar[bool] = False
    """Whether the channel forgets its value when a step does not write to it (ephemeral)."""

    def __init__(self, typ: Any = Any, key: str = "") -> None:
        self.typ = typ
        self.key = key
        self.value: Any = MISSING

    def fresh(self) -> BaseChannel:
        """An empty channel of the same kind and configuration."""
        new = object.__new__(type(self))
        self._copy_config(new)
        new.value = MISSING
        return new

    def _copy_config(self, new: BaseChannel) -> None:
        new.typ = self.typ
        new.key = self.key

    def copy(self) -> BaseChannel:
        new = self.fresh()
        new.value = self.value
        return new

    def from_checkpoint(self, value: Any) -> BaseChannel:
        new = self.fresh()
        if value is not MISSING:
            new.value = value
        return new

    def checkpoint(self) -> Any:
        """The value to store, or MISSING when there is nothing to store."""
        return self.value

    def get(self) -> Any:
        if self.value is MISSING:
            raise EmptyChannelError(self.key)
        return self.value

    def is_available(self) -> bool:
        return self.value is not MISSING

    def update(self, values: Sequence[Any]) -> bool:
        raise NotImplementedError

    def consume(self) -> bool:
        return False

    def finish(self) -> bool:
        return False
