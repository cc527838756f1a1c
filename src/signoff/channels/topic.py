"""Topic channels collect every write of a step (the `Send` packets that become PUSH tasks)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from signoff.channels.base import MISSING, BaseChannel


class Topic(BaseChannel):
    """A list of the values written in the last step (or all steps with `accumulate=True`)."""

    __slots__ = ("accumulate",)
    cleared_each_step: ClassVar[bool] = True

    def __init__(self, typ: Any = Any, key: str = "", *, accumulate: bool = False) -> None:
        super().__init__(typ, key)
        self.accumulate = accumulate

    def _copy_config(self, new: BaseChannel) -> None:
        super()._copy_config(new)
        assert isinstance(new, Topic)
        new.accumulate = self.accumulate

    def checkpoint(self) -> Any:
        return self.value if self.value else MISSING

    def is_available(self) -> bool:
        return bool(self.value) and self.value is not MISSING

    def update(self, values: Sequence[Any]) -> bool:
        current = [] if self.value is MISSING or not self.accumulate else self.value
        had = self.value is not MISSING and bool(self.value)
        flat: list[Any] = []
        for v in values:
            if isinstance(v, list):
                flat.extend(v)
            else:
                flat.append(v)
        if not flat:
            if not self.accumulate and had:
                self.value = MISSING
                return True
            return False
        self.value = [*current, *flat]
        return True
