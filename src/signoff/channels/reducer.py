"""Reducer channels: `Annotated[T, reducer]` state keys fold every write of a step into the value."""

from __future__ import annotations

import collections.abc
from collections.abc import Callable, Sequence
from typing import Any, get_origin

from signoff.channels.base import MISSING, BaseChannel
from signoff.errors import ErrorCode, InvalidUpdateError, create_error_message
from signoff.types import Overwrite

_ABSTRACT = {
    collections.abc.Sequence: list,
    collections.abc.MutableSequence: list,
    collections.abc.Set: set,
    collections.abc.MutableSet: set,
    collections.abc.Mapping: dict,
    collections.abc.MutableMapping: dict,
}


def _initial(typ: Any) -> Any:
    """The empty value of `typ` (`list` → `[]`), or MISSING if `typ` cannot be built bare."""
    base = get_origin(typ) or typ
    base = _ABSTRACT.get(base, base)
    try:
        return base()
    except Exception:
        return MISSING


class BinaryOperatorAggregate(BaseChannel):
    """Applies `reducer(current, write)` for each write of a step, in task order."""

    __slots__ = ("initial", "reducer")

    def __init__(self, typ: Any, reducer: Callable[[Any, Any], Any], key: str = "") -> None:
        super().__init__(typ, key)
        self.reducer = reducer
        self.initial = _initial(typ)
        self.value = self.initial

    def _copy_config(self, new: BaseChannel) -> None:
        super()._copy_config(new)
        assert isinstance(new, BinaryOperatorAggregate)
        new.reducer = self.reducer
        new.initial = self.initial

    def fresh(self) -> BaseChannel:
        new = super().fresh()
        new.value = self.initial
        return new

    def update(self, values: Sequence[Any]) -> bool:
        if not values:
            return False
        start = 0
        if self.value is MISSING:
            first = values[0]
            self.value = first.value if isinstance(first, Overwrite) else first
            start = 1
        overwritten = False
        for value in values[start:]:
            if isinstance(value, Overwrite) or (
                isinstance(value, dict)
                and value.get("type") == "__overwrite__"
                and "value" in value
            ):
                if overwritten:
                    raise InvalidUpdateError(
                        create_error_message(
                            message="Can receive only one Overwrite value per super-step.",
                            error_code=ErrorCode.INVALID_CONCURRENT_GRAPH_UPDATE,
                        )
                    )
                self.value = value.value if isinstance(value, Overwrite) else value["value"]
                overwritten = True
            elif not overwritten:
                self.value = self.reducer(self.value, value)
        return True
