"""Checking an answer before anything runs.

LangGraph validates a resume value only when the node re-runs, after the step's other tasks have
run and the answer is stored. signoff checks it at `invoke(Command(resume=...))`: with the Pydantic
adapter of the `interrupt()` call when this process raised it, otherwise (another process, e.g. the
CLI) against the JSON Schema carried by the interrupt. A rejected answer changes nothing.

The JSON Schema path checks string formats (`date-time`, `uuid`, ...) the way Pydantic parses
them, so an answer it lets through is one the node's own validation accepts when it re-runs.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from signoff.errors import InvalidAnswerError, mark_invalid_resume

if TYPE_CHECKING:
    from signoff.types import Interrupt

ASK = "signoff.ask"
"""`type` of the payload of `signoff.human.ask` questions."""

_MAX_ADAPTERS = 4096
_adapters: OrderedDict[str, tuple[Any, bool]] = OrderedDict()
_format_checker: Any = None


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


def checked_default(default: Any, schema: Any, adapter: Any) -> Any:
    """`default` as the answer a deadline will give: valid for `schema`, in its JSON form.

    The default is given in the person's place, possibly by another process that only has the
    JSON Schema, so it must be a valid answer there too; `ValueError` naming the field otherwise.
    """
    problem: tuple[str, str] | None = None
    if adapter is not None:
        from pydantic import ValidationError

        try:
            return adapter.dump_python(adapter.validate_python(default), mode="json")
        except ValidationError as exc:
            problem = _pydantic_problem(exc)
    elif isinstance(schema, dict):
        problem = _json_schema_problem(schema, default)
    if problem is None:
        return default
    path, message = problem
    raise ValueError(
        f"ask(): default {default!r} is not a valid answer at '{path}': {message}; "
        "give a default that matches the schema"
    )


def _validate_pydantic(adapter: Any, value: Any, interrupt_id: str, strict: bool) -> None:
    from pydantic import ValidationError

    try:
        adapter.validate_python(value)
    except ValidationError as exc:
        if not strict:
            mark_invalid_resume(exc)
            raise
        path, message = _pydantic_problem(exc)
        raise _invalid(interrupt_id, path, message) from None


def _validate_json_schema(schema: dict[str, Any], value: Any, interrupt_id: str) -> None:
    problem = _json_schema_problem(schema, value)
    if problem is not None:
        raise _invalid(interrupt_id, *problem)


def _invalid(interrupt_id: str, path: str, message: str) -> InvalidAnswerError:
    return InvalidAnswerError(
        f"Answer to interrupt {interrupt_id} is invalid at '{path}': {message}; "
        "nothing was stored, resume again with a valid answer",
        interrupt_id=interrupt_id,
        path=path,
    )


def _pydantic_problem(exc: Any) -> tuple[str, str]:
    err = exc.errors()[0]
    path = ".".join(str(p) for p in err.get("loc", ())) or "(answer)"
    return path, str(err.get("msg"))


def _json_schema_problem(schema: dict[str, Any], value: Any) -> tuple[str, str] | None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema, format_checker=_formats())
    error = jsonschema.exceptions.best_match(validator.iter_errors(value))
    if error is None:
        return None
    where = list(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        # name the missing field itself, as Pydantic does, not the object that lacks it
        where += [k for k in error.validator_value if k not in error.instance][:1]
    return ".".join(str(p) for p in where) or "(answer)", error.message


def _formats() -> Any:
    """jsonschema's format checks, with Pydantic's parsers for the formats Pydantic emits."""
    global _format_checker
    if _format_checker is None:
        from ipaddress import IPv4Address, IPv6Address
        from uuid import UUID

        import jsonschema
        from pydantic import TypeAdapter, ValidationError

        parsed_by: dict[str, Any] = {
            "date-time": datetime,
            "date": date,
            "time": time,
            "duration": timedelta,
            "uuid": UUID,
            "ipv4": IPv4Address,
            "ipv6": IPv6Address,
        }
        checker = jsonschema.FormatChecker(formats=("email", "idn-email", "regex"))
        for name, python_type in parsed_by.items():
            checker.checks(name, raises=ValidationError)(_parses_as(TypeAdapter(python_type)))
        _format_checker = checker
    return _format_checker


def _parses_as(adapter: Any) -> Any:
    def check(instance: object) -> bool:
        if isinstance(instance, str):  # formats constrain strings only
            adapter.validate_python(instance)
        return True

    return check


def deadline_fields(intr: Interrupt[Any]) -> dict[str, Any]:
    """`deadline` / `default` of a signoff question, for the inbox index."""
    value = intr.value
    if not is_signoff_question(value) or value.get("deadline") is None:
        return {}
    out: dict[str, Any] = {"deadline": datetime.fromisoformat(value["deadline"])}
    if "default" in value:
        out["default"] = value["default"]
    return out
