"""The serializer picks an encoder once per class (enum, record, model, subclass of a stored
type) and reuses it: every later value of the class must still be stored as itself."""

from __future__ import annotations

import dataclasses
import enum
import gc
import weakref
from typing import Any, NamedTuple

import pydantic
import pytest
from langchain_core.messages import AIMessage, ToolMessage

from signoff.checkpoint.serde import default_serializer


class Shade(enum.Enum):
    LIGHT = "light"
    DARK = "dark"


@dataclasses.dataclass
class Span:
    start: int
    end: int


class Pet(pydantic.BaseModel):
    name: str
    age: int = 0


class Ordered(pydantic.BaseModel):
    """A model with its own iteration: stored as the fields it iterates."""

    a: int
    b: int

    def __iter__(self) -> Any:
        yield from (("b", self.b), ("a", self.a))


class Corner(NamedTuple):
    x: int
    y: int


class Tags(frozenset[str]):
    pass


def roundtrip(value: Any) -> Any:
    ser = default_serializer()
    return ser.loads_typed(ser.dumps_typed(value))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (Shade.LIGHT, Shade.DARK),
        (Span(1, 2), Span(3, 4)),
        (Pet(name="Rex"), Pet(name="Tom", age=3)),
        (Ordered(a=1, b=2), Ordered(a=3, b=4)),
        (Corner(1, 2), Corner(5, 6)),
        (Tags({"a"}), Tags({"b", "c"})),
        (
            AIMessage("", id="ai", tool_calls=[{"name": "f", "args": {}, "id": "c"}]),
            ToolMessage("3", tool_call_id="c", id="tool"),
        ),
    ],
)
def test_each_value_of_a_class_round_trips_after_the_first(first: Any, second: Any) -> None:
    assert roundtrip(first) == first
    assert roundtrip(second) == second
    assert roundtrip([first, second, first]) == [first, second, first]


def test_fields_set_are_each_models_own() -> None:
    bare, aged = roundtrip([Pet(name="Rex"), Pet(name="Tom", age=3)])
    assert bare.model_fields_set == {"name"}
    assert aged.model_fields_set == {"name", "age"}


def test_a_refused_class_is_refused_every_time() -> None:
    class Opaque:
        pass

    for _ in range(2):
        with pytest.raises(TypeError, match="Opaque is not serializable"):
            default_serializer().dumps(Opaque())


def test_a_class_stored_once_is_not_kept_alive_by_the_serializer() -> None:
    def stored_class() -> weakref.ref[type]:
        @dataclasses.dataclass
        class Temporary:
            n: int

        assert roundtrip(Temporary(1)) == Temporary(1)
        return weakref.ref(Temporary)

    gone = stored_class()
    gc.collect()
    assert gone() is None
