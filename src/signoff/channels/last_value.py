"""Last-value channels: a plain state key keeps the single value written in a step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from signoff.channels.base import MISSING, BaseChannel, EmptyChannelError
from signoff.errors import ErrorCode, InvalidUpdateError, create_error_message
from signoff.types import Overwrite


class LastValue(BaseChannel):
    """Stores the last value written; two writes in one step are an error (use a reducer)."""

    __slots__ = ()

    def update(self, values: Sequence[Any]) -> bool:
        if not values:
            return False
        if len(values) != 1:
            raise InvalidUpdateError(
                create_error_message(
                    message=f"At key '{self.key}': Can receive only one value per step. "
                    "Use an Annotated key to handle multiple values.",
                    error_code=ErrorCode.INVALID_CONCURRENT_GRAPH_UPDATE,
                )
            )
        value = values[0]
        self.value = value.value if isinstance(value, Overwrite) else value
        return True


class EphemeralValue(BaseChannel):
    """Holds a value for the one step after it was written (edge triggers, graph input)."""

    __slots__ = ("guard",)
    cleared_each_step: ClassVar[bool] = True

    def __init__(self, typ: Any = Any, key: str = "", *, guard: bool = True) -> None:
        super().__init__(typ, key)
        self.guard = guard

    def _copy_config(self, new: BaseChannel) -> None:
        super()._copy_config(new)
        assert isinstance(new, EphemeralValue)
        new.guard = self.guard

    def update(self, values: Sequence[Any]) -> bool:
        if not values:
            if self.value is MISSING:
                return False
            self.value = MISSING
            return True
        if len(values) != 1 and self.guard:
            raise InvalidUpdateError(
                f"At key '{self.key}': EphemeralValue(guard=True) can receive only one value per step."
            )
        self.value = values[-1]
        return True


class AnyValue(BaseChannel):
    """Keeps the last of any number of writes in a step (no conflict check)."""

    __slots__ = ()

    def update(self, values: Sequence[Any]) -> bool:
        if not values:
            if self.value is MISSING:
                return False
            self.value = MISSING
            return True
        self.value = values[-1]
        return True


class LastValueAfterFinish(BaseChannel):
    """The trigger of a deferred node (`add_node(..., defer=True)`): written like a last value,
    but readable only after `finish()`, which the loop calls once a step leaves nothing else to
    run. Consumed when the node runs. Stored as `(value, finished)`."""

    __slots__ = ("finished",)

    def __init__(self, typ: Any = Any, key: str = "") -> None:
        super().__init__(typ, key)
        self.finished = False

    def _copy_config(self, new: BaseChannel) -> None:
        super()._copy_config(new)
        assert isinstance(new, LastValueAfterFinish)
        new.finished = False

    def copy(self) -> BaseChannel:
        new = self.fresh()
        assert isinstance(new, LastValueAfterFinish)
        new.value = self.value
        new.finished = self.finished
        return new

    def from_checkpoint(self, value: Any) -> BaseChannel:
        new = self.fresh()
        assert isinstance(new, LastValueAfterFinish)
        if value is not MISSING:
            new.value, new.finished = value
        return new

    def checkpoint(self) -> Any:
        if self.value is MISSING:
            return MISSING
        return (self.value, self.finished)

    def update(self, values: Sequence[Any]) -> bool:
        if not values:
            return False
        self.finished = False
        self.value = values[-1]
        return True

    def consume(self) -> bool:
        if self.finished:
            self.finished = False
            self.value = MISSING
            return True
        return False

    def finish(self) -> bool:
        if not self.finished and self.value is not MISSING:
            self.finished = True
            return True
        return False

    def get(self) -> Any:
        if self.value is MISSING or not self.finished:
            raise EmptyChannelError(self.key)
        return self.value

    def is_available(self) -> bool:
        return self.value is not MISSING and self.finished
