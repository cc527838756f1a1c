"""Asking a person for an answer in the terminal, shaped by what the interrupt asks for.

Approval requests offer the responses their config allows; a JSON Schema becomes a form with one
prompt per property (typed, required fields insisted on, enums as choices, nested values as JSON);
anything else takes a JSON value (a bare word is taken as text). Each function returns the resume
value; EOF or Ctrl-C propagate so the caller can leave the interrupt pending.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.prompt import Confirm, Prompt

from signoff.checkpoint.base import InterruptRecord
from signoff.cli.errors import CliError
from signoff.cli.questions import (
    allowed_responses,
    approval_request,
    decision,
    kind_of,
)
from signoff.cli.questions import resolve_ref as _resolve
from signoff.cli.values import dumps, parse_answer, parse_object

_NO_DEFAULT: Any = object()


def ask_answer(console: Console, record: InterruptRecord) -> Any:
    """Prompt until the person gives a well-formed answer for `record`; return the resume value."""
    kind = kind_of(record)
    if kind == "approval":
        request = approval_request(record.value)
        assert request is not None
        return ask_approval(console, request)
    if kind == "form" and isinstance(record.response_schema, dict):
        return ask_form(console, record.response_schema)
    return ask_json(console, "answer (JSON; a bare word is text)")


def ask_json(console: Console, label: str, default: str | None = None) -> Any:
    while True:
        text = (
            Prompt.ask(label, console=console, default=default)
            if default
            else Prompt.ask(label, console=console)
        )
        try:
            return parse_answer(text, "the answer")
        except CliError as exc:
            console.print(f"[red]{exc.format_message()}[/red]")


def ask_approval(console: Console, request: dict[str, Any]) -> dict[str, Any]:
    allowed = allowed_responses(request)
    if not allowed:
        raise CliError("this approval request allows no response (its config disallows all four)")
    choice = Prompt.ask("decision", console=console, choices=list(allowed), default=allowed[0])
    if choice == "edit":
        args = request["action_request"].get("args", {})
        return decision(
            "edit", _ask_object(console, "new args (JSON object)", dumps(args, indent=None))
        )
    if choice == "respond":
        return decision("respond", _ask_text(console, "response"))
    return decision("accept" if choice == "accept" else "ignore")


def _ask_object(console: Console, label: str, default: str) -> dict[str, Any]:
    while True:
        text = Prompt.ask(label, console=console, default=default)
        try:
            return parse_object(text, "the new args")
        except CliError as exc:
            console.print(f"[red]{exc.format_message()}[/red]")


def _ask_text(console: Console, label: str) -> str:
    while True:
        text = Prompt.ask(label, console=console)
        if text.strip():
            return text
        console.print("[red]a response is required[/red]")


# --- forms from JSON Schema ----------------------------------------------------------------------


def ask_form(console: Console, schema: dict[str, Any]) -> Any:
    """One prompt per property of an object schema; a single prompt for any other schema."""
    root = _resolve(schema, schema)
    if not _is_object(root):
        return ask_field(console, "answer", root, schema, required=True)
    answer = _ask_properties(console, root, schema, prefix="")
    return {} if answer is _NO_DEFAULT else answer


def _is_object(prop: dict[str, Any]) -> bool:
    return prop.get("type", "object") == "object" and isinstance(prop.get("properties"), dict)


def _ask_properties(
    console: Console, prop: dict[str, Any], root: dict[str, Any], *, prefix: str
) -> Any:
    """A nested object, field by field (`Address > City`); `_NO_DEFAULT` if all were left empty."""
    required = set(prop.get("required", []))
    answer: dict[str, Any] = {}
    for name, sub in prop["properties"].items():
        value = ask_field(
            console, name, _resolve(sub, root), root, required=name in required, prefix=prefix
        )
        if value is not _NO_DEFAULT:
            answer[name] = value
    return answer if answer or required else _NO_DEFAULT


def ask_field(
    console: Console,
    name: str,
    prop: dict[str, Any],
    root: dict[str, Any],
    *,
    required: bool,
    prefix: str = "",
) -> Any:
    """Ask for one value; `_NO_DEFAULT` means an optional field was left empty (omit it)."""
    prop, nullable = _unwrap_nullable(prop, root)
    if prop.get("type") == "array":
        prop = {**prop, "items": _resolve(prop.get("items", {}), root)}
    label = prefix + str(prop.get("title") or name)
    if _is_object(prop) and "default" not in prop:
        return _ask_properties(console, prop, root, prefix=f"{label} > ")
    if prop.get("description"):
        console.print(f"[dim]{prop['description']}[/dim]")
    choices = _choices(prop)
    if choices is not None:
        return _ask_choice(console, label, choices, prop, required)
    if prop.get("type") == "boolean":
        default = prop.get("default")
        return Confirm.ask(
            label, console=console, default=bool(default) if default is not None else ...
        )
    while True:
        text = _ask_raw(console, label, prop, required or nullable)
        if not text.strip():
            if "default" in prop:
                return prop["default"]
            if nullable:
                return None
            if not required:
                return _NO_DEFAULT
            console.print(f"[red]{label} is required[/red]")
            continue
        try:
            return _coerce(text, prop)
        except ValueError as exc:
            console.print(f"[red]{label}: {exc}[/red]")


def _ask_raw(console: Console, label: str, prop: dict[str, Any], must: bool) -> str:
    hint = _type_hint(prop)
    suffix = f" ({hint})" if hint else ""
    marker = "" if must else " [dim](optional)[/dim]"
    if "default" in prop:
        return Prompt.ask(
            f"{label}{suffix}{marker}", console=console, default=dumps(prop["default"], indent=None)
        )
    return Prompt.ask(f"{label}{suffix}{marker}", console=console, default="", show_default=False)


def _ask_choice(
    console: Console, label: str, choices: list[Any], prop: dict[str, Any], required: bool
) -> Any:
    by_text = {v if isinstance(v, str) else dumps(v, indent=None): v for v in choices}
    default = prop.get("default", choices[0] if required else None)
    default_text = (
        None if default is None else next((t for t, v in by_text.items() if v == default), None)
    )
    options = list(by_text) if required else [*by_text, ""]
    text = Prompt.ask(
        label, console=console, choices=options, default=default_text or "", show_choices=True
    )
    return by_text.get(text, _NO_DEFAULT)


def _coerce(text: str, prop: dict[str, Any]) -> Any:
    kind = prop.get("type")
    if kind == "integer":
        try:
            return int(text.strip())
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a whole number") from None
    if kind == "number":
        try:
            number = float(text.strip())
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a number") from None
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "string":
        return text
    if kind == "array" and not text.lstrip().startswith("["):
        items = prop.get("items", {})
        return [_coerce(part.strip(), items) for part in text.split(",") if part.strip()]
    try:
        return parse_answer(text, "the value")
    except CliError as exc:
        raise ValueError(exc.format_message()) from None


def _type_hint(prop: dict[str, Any]) -> str:
    kind = prop.get("type")
    if kind == "array":
        return "comma-separated, or a JSON array"
    if kind in ("object", None):
        return "JSON"
    return str(kind) if kind in ("integer", "number") else ""


def _choices(prop: dict[str, Any]) -> list[Any] | None:
    if isinstance(prop.get("enum"), list) and prop["enum"]:
        return list(prop["enum"])
    if "const" in prop:
        return [prop["const"]]
    return None


def _unwrap_nullable(prop: dict[str, Any], root: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """`anyOf: [X, {"type": "null"}]` (pydantic's Optional[X]) → (X, nullable)."""
    options = prop.get("anyOf") or prop.get("oneOf")
    if isinstance(options, list):
        real = [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]
        if len(real) == 1:
            merged = {
                **_resolve(real[0], root),
                **{k: v for k, v in prop.items() if k not in ("anyOf", "oneOf")},
            }
            return merged, len(real) < len(options)
        return {k: v for k, v in prop.items() if k not in ("anyOf", "oneOf")}, False
    kind = prop.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [k for k in kind if k != "null"]
        return {**prop, "type": rest[0] if len(rest) == 1 else None}, True
    return prop, False
