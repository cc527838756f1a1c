"""Turning what people type into values, and stored values into JSON for people and scripts."""

from __future__ import annotations

import base64
import dataclasses
import enum
import json
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

from signoff.cli.errors import CliError

_LOOKS_LIKE_JSON = re.compile(r"""^\s*([\[{"]|-?\d|true\b|false\b|null\b)""")


def parse_json(text: str, what: str) -> Any:
    """Strict JSON; a bad document is a `CliError` naming `what` and where the parser stopped."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(
            f"{what} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}): "
            f"{_clip(text, 60)!r}; quote strings, e.g. '\"text\"'"
        ) from None


def parse_answer(text: str, what: str) -> Any:
    """JSON, except that a bare word or sentence which is not JSON is taken as a string.

    Text that starts like JSON (`{`, `[`, `"`, a number, true/false/null) must parse, so a typo in
    an object is reported instead of being sent as a string.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        if _LOOKS_LIKE_JSON.match(text) or not text.strip():
            return parse_json(text, what)
        return text.strip()


def parse_object(text: str, what: str) -> dict[str, Any]:
    value = parse_json(text, what)
    if not isinstance(value, dict):
        raise CliError(
            f"{what} must be a JSON object, got {_json_kind(value)}: {_clip(text, 60)!r}"
        )
    return value


def require_object(value: Any, what: str) -> dict[str, Any]:
    """`value` if it is a JSON object; else the same error `parse_object` gives."""
    if not isinstance(value, dict):
        shown = _clip(json.dumps(value, ensure_ascii=False), 60)
        raise CliError(f"{what} must be a JSON object, got {_json_kind(value)}: {shown}")
    return value


def _json_kind(value: Any) -> str:
    """What a parsed JSON value is, in JSON's words (`an array`, not `a list`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def read_json_file(path: str, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {what} file '{path}': {exc.strerror or exc}") from None
    return parse_json(text, f"{what} file '{path}'")


def jsonable(value: Any) -> Any:
    """A JSON-compatible copy of `value`: models, dataclasses, messages, datetimes, sets, bytes."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [jsonable(v) for v in items]
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (UUID, Path)):
        return str(value)
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return _jsonable_object(value)


def _jsonable_object(value: Any) -> Any:
    if _is_message(value):
        return message_dict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return jsonable(dump(mode="json"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if type(value).__name__ == "Interrupt" and hasattr(value, "id"):
        return {"id": value.id, "value": jsonable(value.value)}
    if hasattr(value, "_asdict"):
        return jsonable(value._asdict())
    return repr(value)


def _is_message(value: Any) -> bool:
    return (
        hasattr(value, "content")
        and isinstance(getattr(value, "type", None), str)
        and hasattr(value, "model_dump")
    )


def message_dict(message: Any) -> dict[str, Any]:
    """The parts of a chat message a reader cares about (not every empty field pydantic keeps)."""
    out: dict[str, Any] = {"type": message.type, "content": jsonable(message.content)}
    for name in ("name", "id", "tool_calls", "tool_call_id"):
        field = getattr(message, name, None)
        if field:
            out[name] = jsonable(field)
    return out


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(jsonable(value), indent=indent, ensure_ascii=False)


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return as_utc(moment).isoformat()


def as_utc(moment: datetime) -> datetime:
    """Stored times are UTC; a naive one (from an older row) is read as UTC too."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters."""
    return _clip(text, width)
