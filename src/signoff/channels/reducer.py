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


def _empty_factory(typ: Any) -> Callable[[], Any]:
    """What builds the empty value of `typ` (`list` → `[]`) afresh for every run, or gives
    MISSING if `typ` cannot be built bare. A fresh one each time: a reducer that changes its
    first argument in place must not carry one run's values into the next."""
    base = get_origin(typ) or typ
    base = _ABSTRACT.get(base, base)
    try:
        base()
    except Exception:
        return _missing
    return base  # type: ignore[no-any-return]  # a class that builds bare


def _missing() -> Any:
    return MISSING


class BinaryOperatorAggregate(BaseChannel):
    """Applies `reducer(current, write)` for each write of a step, in task order."""

    __slots__ = ("initial", "reducer")

    def __init__(self, typ: Any, reducer: Callable[[Any, Any], Any], key: str = "") -> None:
        super().__init__(typ, key)
        self.reducer = reducer
        self.initial = _empty_factory(typ)
        self.value = self.initial()

    def _copy_config(self, new: BaseChannel) -> None:
        super()._copy_config(new)
        assert isinstance(new, BinaryOperatorAggregate)
        new.reducer = self.reducer
        new.initial = self.initial

    def fresh(self) -> BaseChannel:
        new = super().fresh()
        new.value = self.initial()
        return new

    def update(self, values: Sequence[Any]) -> bool:
        if not values:
            return False
        start = 0
        overwritten = False
        if self.value is MISSING:
            overwritten, self.value = overwritten_value(values[0])
            start = 1
        for value in values[start:]:
            is_overwrite, replacement = overwritten_value(value)
            if is_overwrite:
                if overwritten:
                    raise InvalidUpdateError(
                        create_error_message(
                            message="Can receive only one Overwrite value per super-step.",
                            error_code=ErrorCode.INVALID_CONCURRENT_GRAPH_UPDATE,
                        )
                    )
                self.value = replacement
                overwritten = True
            elif not overwritten:
                self.value = self.reducer(self.value, value)
        return True


def overwritten_value(value: Any) -> tuple[bool, Any]:
    """(True, v) if `value` asks to replace the reducer's value with v, else (False, value).

    Three spellings, as LangGraph: `Overwrite(v)`, `{"__overwrite__": v}`, and the JSON form of
    an `Overwrite`, `{"type": "__overwrite__", "value": v}` (from clients that speak JSON).
    """
    if isinstance(value, Overwrite):
        return True, value.value
    if isinstance(value, dict):
        if len(value) == 1 and OVERWRITE in value:
            return True, value[OVERWRITE]
        if value.get("type") == OVERWRITE and "value" in value:
            return True, value["value"]
    return False, value


OVERWRITE = "__overwrite__"
