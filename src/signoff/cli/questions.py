"""What kind of answer a pending interrupt wants, and how to phrase and build that answer.

Three kinds: an Agent-Inbox approval request (`signoff.human.approve`: accept / edit / respond /
ignore), a form (`signoff.human.ask` with a schema: the interrupt carries a JSON Schema), and a plain
`interrupt()` whose answer is any JSON value.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any, Literal

from signoff.checkpoint.base import InterruptRecord
from signoff.cli.storage import Database
from signoff.cli.values import clip, dumps
from signoff.runtime.answers import ASK

Kind = Literal["approval", "form", "json"]
Response = Literal["accept", "edit", "respond", "ignore"]
RESPONSES: tuple[Response, ...] = ("accept", "edit", "respond", "ignore")


def approval_request(value: Any) -> dict[str, Any] | None:
    """The Agent-Inbox request `value` is, or None."""
    if (
        isinstance(value, dict)
        and isinstance(value.get("action_request"), dict)
        and isinstance(value.get("config"), dict)
    ):
        return value
    return None


def asked_question(value: Any) -> Any:
    """The question of a `signoff.human.ask` payload (`{"type": "signoff.ask", "question": …}`),
    or `value` itself for anything else: what a person should read."""
    if isinstance(value, dict) and value.get("type") == ASK and "question" in value:
        return value["question"]
    return value


def kind_of(record: InterruptRecord) -> Kind:
    if approval_request(record.value) is not None:
        return "approval"
    if record.response_schema is not None:
        return "form"
    return "json"


def allowed_responses(request: dict[str, Any]) -> list[Response]:
    """The responses the request's config allows (accept unless explicitly disallowed)."""
    config = request.get("config", {})
    return [r for r in RESPONSES if config.get(f"allow_{r}", r == "accept")]


def decision(response: Response, payload: Any = None) -> dict[str, Any]:
    """The resume value Agent Inbox sends for `response` (`payload`: new args or response text)."""
    if response == "accept":
        return {"type": "accept"}
    if response == "edit":
        return {"type": "edit", "args": payload}
    if response == "respond":
        return {"type": "response", "args": payload}
    return {"type": "ignore"}


def question_text(value: Any, width: int = 60) -> str:
    """The question in one short line, for tables and hints."""
    request = approval_request(value)
    if request is not None:
        action = request["action_request"]
        text = (
            request.get("description")
            or f"{action.get('action')}({dumps(action.get('args'), indent=None)})"
        )
        return clip(f"approve {action.get('action')}: {text}", width)
    value = asked_question(value)
    if isinstance(value, dict) and isinstance(value.get("question"), str):
        return clip(value["question"], width)
    if isinstance(value, str):
        return clip(value, width)
    return clip(dumps(value, indent=None), width)


def answer_commands(
    thread_id: str, record: InterruptRecord, db: Database, *, several: bool
) -> list[str]:
    """Command lines that would answer `record` (one per kind of answer it takes)."""
    base = ["signoff", "answer", thread_id]
    if several:
        base += ["--interrupt", record.interrupt_id]
    if db.needs_hint:
        base += ["--db", db.for_hints]
    prefix = " ".join(shlex.quote(part) for part in base)
    request = approval_request(record.value)
    if request is None:
        example = _example(record)
        return [f"{prefix} --value {shlex.quote(example) if example else PLACEHOLDER}"]
    examples = {
        "accept": "--accept",
        "edit": "--edit "
        + shlex.quote(dumps(request["action_request"].get("args", {}), indent=None)),
        "respond": "--respond 'your reply'",
        "ignore": "--ignore",
    }
    return [f"{prefix} {examples[r]}" for r in allowed_responses(request)]


PLACEHOLDER = "<json>"
"""Left unquoted on purpose: pasted as is, the shell refuses it instead of sending it as text."""


def _example(record: InterruptRecord) -> str | None:
    """A JSON answer shaped like the schema wants, to edit rather than to send as it is."""
    schema = record.response_schema
    if not isinstance(schema, dict) or not schema:
        return None
    return dumps(_placeholder(schema, schema, depth=0), indent=None)


def _placeholder(schema: Any, root: dict[str, Any], depth: int) -> Any:
    schema = resolve_ref(schema, root)
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    properties = schema.get("properties")
    if isinstance(properties, dict) and depth < 3:
        return {name: _placeholder(s, root, depth + 1) for name, s in properties.items()}
    kind = schema.get("type")
    return {"integer": 0, "number": 0, "boolean": True, "array": [], "object": {}}.get(
        kind if isinstance(kind, str) else "", "..."
    )


def record_from_interrupt(thread_id: str, interrupt: Any, node: str = "") -> InterruptRecord:
    """An inbox record for an `Interrupt` seen in a state snapshot but missing from the index."""
    schema = interrupt.response_schema if isinstance(interrupt.response_schema, dict) else None
    return InterruptRecord(
        thread_id=thread_id,
        checkpoint_ns="",
        checkpoint_id="",
        task_id="",
        interrupt_id=interrupt.id,
        node=node,
        value=interrupt.value,
        response_schema=schema,
    )


def find_pending(records: Sequence[InterruptRecord], wanted: str) -> InterruptRecord | None:
    """The record whose id is `wanted`, or the only one it is an unambiguous prefix of (4+ chars)."""
    for record in records:
        if record.interrupt_id == wanted:
            return record
    matches = [r for r in records if len(wanted) >= 4 and r.interrupt_id.startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


def resolve_ref(prop: Any, root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` (`#/$defs/Name`) and a single-item `allOf`."""
    if not isinstance(prop, dict):
        return {}
    ref = prop.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        extra = {k: v for k, v in prop.items() if k != "$ref"}
        return {**resolve_ref(target, root), **extra}
    all_of = prop.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1:
        extra = {k: v for k, v in prop.items() if k != "allOf"}
        return {**resolve_ref(all_of[0], root), **extra}
    return prop
