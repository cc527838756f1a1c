"""Conformance check that every kind of value the serializer supports comes back equal, wherever a
saver stores values: channel values, pending writes, metadata, interrupt payloads and answers."""

from __future__ import annotations

import dataclasses
import pathlib
import uuid
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from pydantic import BaseModel

from signoff.checkpoint.base import BaseCheckpointSaver, CheckpointMetadata
from signoff.checkpoint.testing._support import (
    Chain,
    answer_for,
    config,
    expect,
    expect_equal,
    interrupt_record,
    new_name,
)


class Color(Enum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass
class Point:
    x: int
    y: float
    tags: list[str] = dataclasses.field(default_factory=list)


class Pair(NamedTuple):
    left: Any
    right: Any


class Ticket(BaseModel):
    id: int
    title: str
    labels: list[str] = []


def sample_values() -> dict[str, Any]:
    """One value of every kind signoff stores, keyed by a name for messages."""
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

    call = {"name": "search", "args": {"q": "x"}, "id": "call-1", "type": "tool_call"}
    return {
        "none": None,
        "bool": True,
        "int": -7,
        "big_int": 2**80,
        "float": 1.25,
        "str": "héllo ✓",
        "bytes": b"\x00\xff",
        "list": [1, "a", None],
        "dict": {"a": {"b": [1, 2]}, "": 0},
        "int_keys": {1: "one", 2: "two"},
        "tuple": (1, "a", (2,)),
        "set": {1, 2, 3},
        "frozenset": frozenset({"x", "y"}),
        "datetime": datetime(2030, 1, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=2))),
        "naive_datetime": datetime(2030, 1, 2, 3, 4),
        "date": date(2030, 1, 2),
        "time": time(1, 2, 3, 4),
        "timedelta": timedelta(days=1, seconds=5, microseconds=6),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "decimal": Decimal("1.10"),
        "path": pathlib.Path("/tmp/signoff/x.txt"),
        "enum": Color.RED,
        "dataclass": Point(1, 2.5, ["t"]),
        "namedtuple": Pair(1, Point(0, 0.0)),
        "pydantic": Ticket(id=1, title="t", labels=["a"]),
        "messages": [
            HumanMessage(content="hi", id="m1"),
            AIMessage(content="", tool_calls=[call], id="m2"),
            ToolMessage(content="found", tool_call_id="call-1", id="m3"),
        ],
        "nested": {
            "when": date(2031, 5, 6),
            "items": (Point(1, 1.0), {Color.BLUE}),
            "t": Ticket(id=2, title="u"),
        },
    }


def _same(actual: Any, expected: Any, what: str) -> None:
    expect_equal(actual, expected, what)
    expect(type(actual) is type(expected), f"{what}: type {type(actual).__name__} is kept")


def check_values_round_trip(saver: BaseCheckpointSaver) -> None:
    samples = sample_values()
    thread = new_name()
    meta: dict[str, Any] = {
        "source": "loop",
        "step": 0,
        **{f"m_{k}": v for k, v in samples.items()},
    }
    at = Chain(saver, thread).put(samples, CheckpointMetadata(**meta))  # type: ignore[typeddict-item]  # extra metadata keys
    saver.put_writes(at, list(samples.items()), "task-1")
    t = saver.get_tuple(config(thread))
    assert t is not None
    for name, value in samples.items():
        _same(t.checkpoint["channel_values"][name], value, f"channel value {name}")
        _same(t.metadata.get(f"m_{name}"), value, f"metadata value {name}")
    written = {channel: value for _, channel, value in t.pending_writes or []}
    for name, value in samples.items():
        _same(written[name], value, f"pending write {name}")


def check_interrupt_values_round_trip(saver: BaseCheckpointSaver) -> None:
    samples = sample_values()
    thread = new_name()
    at = Chain(saver, thread).put({"a": 1})
    records = [
        interrupt_record(at, "task-1", index=i, value=value, default=value)
        for i, value in enumerate(samples.values())
    ]
    saver.put_interrupts(at, "task-1", records)
    expect_equal(saver.pending_interrupts(thread_id=thread), records, "interrupt payloads")
    saver.put_answers(at, [answer_for(r, r.value) for r in records])
    answered = [a.value for a in saver.answers(thread)]
    for (name, value), got in zip(samples.items(), answered, strict=True):
        _same(got, value, f"answer {name}")
