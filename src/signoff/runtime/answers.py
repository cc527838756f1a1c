"""Checking an answer before anything runs.

LangGraph validates a resume value only when the node re-runs, after the step's other tasks have
run and the answer is stored. signoff checks it at `invoke(Command(resume=...))`: with the Pydantic
adapter of the `interrupt()` call when this process raised it, otherwise (another process, e.g. the
CLI) against the JSON Schema carried by the interrupt. A rejected answer changes nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from signoff.errors import InvalidAnswerError, mark_invalid_resume

if TYPE_CHECKING:
    from signoff.types import Interrupt

ASK = "signoff.ask"
"""`type` of the payload of `signoff.human.ask` / `approve` questions."""

_MAX_ADAPTERS = 4096
_adapters: OrderedDict[str, tuple[Any, bool]] = OrderedDict()


def remember(interrupt_id: str, adapter: Any, strict: bool) -> None:
    """Keep the validator of a raised interrupt for checking its answer in this process."""
    _adapters[interrupt_id] = (adapter, strict)
    _adapters.move_to_end(interrupt_id)
    while len(_adapters) > _MAX_ADAPTERS:
        _adapters.popitem(last=False)


def is_signoff_question(value: Any) -> bool:
    """`ask` questions and Agent Inbox requests (`approve`), whose answers are checked strictly."""
    if not isinstance(value, dict):
        return False
    return value.get("type") == ASK or ("action_request" in value and "config" in value)


def check(intr: Interrupt[Any], value: Any) -> None:
    """Raise if `value` cannot answer `intr`: `InvalidAnswerError` for signoff questions, pydantic's
    `ValidationError` for a plain `interrupt(response_schema=...)` (as LangGraph raises)."""
    strict = is_signoff_question(intr.value)
    known = _adapters.get(intr.id)
    if known is not None:
        adapter, strict = known
        _validate_pydantic(adapter, value, intr.id, strict)
        return
    if strict and isinstance(intr.response_schema, dict):
        if isinstance(value, list) and len(value) == 1 and "action_request" in intr.value:
            value = value[0]
        _validate_json_schema(intr.response_schema, value, intr.id)


def _validate_pydantic(adapter: Any, value: Any, interrupt_id: str, strict: bool) -> None:
    from pydantic import ValidationError

    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        if not strict:
            mark_invalid_resume(exc)
            raise
        err = exc.errors()[0]
        path = ".".join(str(p) for p in err.get("loc", ())) or "(answer)"
        raise InvalidAnswerError(
            f"Answer to interrupt {interrupt_id} is invalid at '{path}': {err.get('msg')}; "
            "nothing was stored, resume again with a valid answer",
            interrupt_id=interrupt_id,
            path=path,
        ) from None


def _validate_json_schema(schema: dict[str, Any], value: Any, interrupt_id: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is None:
        return
    path = ".".join(str(p) for p in error.absolute_path) or "(answer)"
    raise InvalidAnswerError(
        f"Answer to interrupt {interrupt_id} is invalid at '{path}': {error.message}; "
        "nothing was stored, resume again with a valid answer",
        interrupt_id=interrupt_id,
        path=path,
    )


def deadline_fields(intr: Interrupt[Any]) -> dict[str, Any]:
    """`deadline` / `default` of a signoff question, for the inbox index."""
    value = intr.value
    if not is_signoff_question(value) or value.get("deadline") is None:
        return {}
    out: dict[str, Any] = {"deadline": datetime.fromisoformat(value["deadline"])}
    if "default" in value:
        out["default"] = value["default"]
    return out
