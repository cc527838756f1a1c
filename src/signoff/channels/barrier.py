"""Barrier channels: a node with several incoming edges (`add_edge([a, b], c)`) waits for all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from signoff.channels.base import MISSING, BaseChannel, EmptyChannelError
from signoff.errors import InvalidUpdateError


class NamedBarrierValue(BaseChannel):
    """Available once every name in `names` was written; consumed when the waiting node runs.

    `value` is the set of names seen so far (stored in checkpoints as a set).
    """

    __slots__ = ("after_finish", "finished", "names")

    def __init__(self, names: set[str], key: str = "", *, after_finish: bool = False) -> None:
        super().__init__(Any, key)
        self.names = frozenset(names)
        self.after_finish = after_finish
        self.finished = False
        self.value = set()

    def _copy_config(self, new: BaseChannel) -> None:
        super()._copy_config(new)
        assert isinstance(new, NamedBarrierValue)
        new.names = self.names
        new.after_finish = self.after_finish
        new.finished = False

    def fresh(self) -> BaseChannel:
        new = super().fresh()
        new.value = set()
        return new

    def copy(self) -> BaseChannel:
        new = self.fresh()
        assert isinstance(new, NamedBarrierValue)
        new.value = set(self.value)
        new.finished = self.finished
        return new

    def from_checkpoint(self, value: Any) -> BaseChannel:
        new = self.fresh()
        assert isinstance(new, NamedBarrierValue)
        if value is not MISSING:
            if self.after_finish and isinstance(value, tuple):
                seen, new.finished = value
                new.value = set(seen)
            else:
                new.value = set(value)
        return new

    def checkpoint(self) -> Any:
        if self.after_finish:
            return (set(self.value), self.finished)
        return set(self.value)

    def update(self, values: Sequence[Any]) -> bool:
        updated = False
        for name in values:
            if name not in self.names:
                raise InvalidUpdateError(
                    f"At key '{self.key}': Value {name} not in {set(self.names)}"
                )
            if name not in self.value:
                self.value.add(name)
                updated = True
        return updated

    def _ready(self) -> bool:
        return self.value == self.names and (self.finished or not self.after_finish)

    def get(self) -> Any:
        if not self._ready():
            raise EmptyChannelError(self.key)
        return None

    def is_available(self) -> bool:
        return self._ready()

    def consume(self) -> bool:
        if self._ready():
            self.value = set()
            self.finished = False
            return True
        return False

    def finish(self) -> bool:
        if self.after_finish and not self.finished and self.value == self.names:
            self.finished = True
            return True
        return False
