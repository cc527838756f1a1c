"""Turn what a compat case observed into JSON that LangGraph and signoff can both produce.

Cases return plain Python objects (dicts, tuples, messages, `Interrupt`s, `StateSnapshot`s,
exceptions ...). `normalize()` maps them to JSON-able data with a fixed shape:

- unstable values become placeholders that keep the equality structure: interrupt, task and
  checkpoint ids and uuid-like strings become `<id1>`, `<id2>` ... (the same raw id always maps to
  the same placeholder within one observation); timestamps become `<ts>`;
- tuples and lists stay apart (`{"tuple": [...]}` vs `[...]`);
- library objects are recognised by class name, so the same code reads LangGraph's and signoff's:
  `{"Interrupt": {...}}`, `{"StateSnapshot": {...}}`, `{"PregelTask": {...}}`, `{"Send": ...}`,
  `{"Command": ...}`; langchain_core messages become `{"message": {type, content, ...}}`;
- an exception becomes `{"raises": "TypeName"}` (cases that pin the text add it themselves).

Dict keys are walked in sorted order so that placeholder numbers do not depend on insertion order.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

JSON = Any

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_ID_PATTERN = re.compile(rf"{_UUID}|\b[0-9a-fA-F]{{32}}\b")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?$")
_ID_KEYS = frozenset({"id", "checkpoint_id", "task_id", "interrupt_id", "run_id"})
_TIME_KEYS = frozenset({"created_at", "timestamp", "ts"})

_SNAPSHOT_FIELDS = (
    "values",
    "next",
    "config",
    "metadata",
    "created_at",
    "parent_config",
    "tasks",
    "interrupts",
)
_TASK_FIELDS = ("id", "name", "path", "error", "interrupts", "state", "result")


class Normalizer:
    """One observation's worth of placeholder numbering."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}

    def placeholder(self, raw: object) -> str:
        """The stable placeholder for an unstable id (`<idN>` in order of first sight)."""
        key = str(raw)
        if key not in self._ids:
            self._ids[key] = f"<id{len(self._ids) + 1}>"
        return self._ids[key]

    def text(self, value: str) -> str:
        """A string with every uuid-like part replaced; timestamps become `<ts>`."""
        if _TIMESTAMP.match(value):
            return "<ts>"
        return _ID_PATTERN.sub(lambda match: self.placeholder(match.group(0)), value)

    def __call__(self, obj: object) -> JSON:
        return self.value(obj)

    def value(self, obj: object) -> JSON:
        """Normalise any observed object (see the module docstring for the shapes)."""
        if obj is None or isinstance(obj, (bool, int, float)):
            return obj
        if isinstance(obj, str):
            return self.text(obj)
        if isinstance(obj, BaseException):
            return {"raises": type(obj).__name__}
        if isinstance(obj, type):
            return {"type": obj.__name__}
        special = self._library_object(obj)
        if special is not None:
            return special
        if isinstance(obj, Mapping):
            return self.mapping(obj)
        if isinstance(obj, tuple):
            return {"tuple": [self.value(item) for item in obj]}
        if isinstance(obj, list):
            return [self.value(item) for item in obj]
        if isinstance(obj, (set, frozenset)):
            return {"set": sorted((self.value(item) for item in obj), key=repr)}
        return self._model_or_dataclass(obj)

    def mapping(self, obj: Mapping[Any, Any]) -> JSON:
        """A dict with sorted keys; id-like and time-like keys get placeholders."""
        out: dict[str, JSON] = {}
        for key in sorted(obj, key=str):
            raw = obj[key]
            name = self.text(key) if isinstance(key, str) else repr(key)
            if key in _TIME_KEYS and raw is not None:
                out[name] = "<ts>"
            elif key in _ID_KEYS and isinstance(raw, str):
                out[name] = self.placeholder(raw)
            else:
                out[name] = self.value(raw)
        return out

    def _library_object(self, obj: object) -> JSON | None:
        name = type(obj).__name__
        if name == "Interrupt" and hasattr(obj, "value") and hasattr(obj, "id"):
            return {
                "Interrupt": {
                    "value": self.value(obj.value),
                    "id": self.placeholder(obj.id),
                    "response_schema": self.value(getattr(obj, "response_schema", None)),
                }
            }
        if name == "StateSnapshot":
            return {"StateSnapshot": self._fields(obj, _SNAPSHOT_FIELDS)}
        if name == "PregelTask":
            return {"PregelTask": self._fields(obj, _TASK_FIELDS)}
        if name == "Send" and hasattr(obj, "node"):
            return {"Send": {"node": obj.node, "arg": self.value(obj.arg)}}
        if name == "Command" and hasattr(obj, "goto"):
            fields = ("graph", "update", "resume", "goto")
            return {"Command": {field: self.value(getattr(obj, field)) for field in fields}}
        if _is_message(obj):
            return {"message": self._message(obj)}
        return None

    def _fields(self, obj: object, fields: tuple[str, ...]) -> dict[str, JSON]:
        out: dict[str, JSON] = {}
        for field in fields:
            raw = getattr(obj, field)
            if field == "id":
                out[field] = self.placeholder(raw)
            elif field == "created_at" and raw is not None:
                out[field] = "<ts>"
            else:
                out[field] = self.value(raw)
        return out

    def _message(self, message: Any) -> dict[str, JSON]:
        out: dict[str, JSON] = {
            "type": message.type,
            "content": self.value(message.content),
            "name": message.name,
            "id": None if message.id is None else self.text(message.id),
        }
        if message.type in ("ai", "AIMessageChunk"):
            out["tool_calls"] = [
                {"name": call["name"], "args": self.value(call["args"]), "id": call["id"]}
                for call in message.tool_calls
            ]
        if message.type == "tool":
            out["tool_call_id"] = message.tool_call_id
            out["status"] = message.status
        return out

    def _model_or_dataclass(self, obj: object) -> JSON:
        if dataclasses.is_dataclass(obj):
            fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
            return {"dataclass": type(obj).__name__, "fields": self.mapping(fields)}
        dump = getattr(obj, "model_dump", None)
        if callable(dump):
            return {"model": type(obj).__name__, "fields": self.mapping(dump())}
        return {"object": type(obj).__name__}


def _is_message(obj: object) -> bool:
    try:
        from langchain_core.messages import BaseMessage
    except ImportError:
        return False
    return isinstance(obj, BaseMessage)


def normalize(obj: object) -> JSON:
    """Normalise one whole observation with fresh placeholder numbering."""
    return Normalizer().value(obj)
