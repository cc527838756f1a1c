"""Typed questions for people, over `interrupt()`.

`ask` carries the JSON Schema of the answer it expects; `approve` asks for a decision on a tool
call in the Agent Inbox format. Both are plain JSON on the wire, so any client (the CLI, an HTTP
inbox, LangGraph's Agent Inbox) can answer them, and both are checked when the answer is given:
an invalid answer raises `InvalidAnswerError` at `invoke(Command(resume=...))`, before anything
runs or is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from signoff.errors import InvalidAnswerError
from signoff.runtime.answers import ASK
from signoff.runtime.interrupt import interrupt

__all__ = ["Decision", "approve", "ask", "review"]

_NO_DEFAULT: Any = object()

DecisionType = Literal["accept", "edit", "response", "ignore"]


def ask(
    question: Any,
    *,
    schema: Any = None,
    key: str | None = None,
    deadline: datetime | timedelta | None = None,
    default: Any = _NO_DEFAULT,
) -> Any:
    """Ask a person `question`; return their answer, validated against `schema`.

    `schema`: a Pydantic model, TypedDict, dataclass or plain type (`int`, `list[str]`): the
    interrupt carries its JSON Schema and the answer comes back as an instance of it. `key`: match
    the answer to this question by key instead of by its text. `deadline` + `default`: after the
    deadline, `graph.expire_due()` (or `signoff expire`) answers with `default`.
    """
    payload: dict[str, Any] = {"type": ASK, "question": question}
    if deadline is not None:
        when = (
            datetime.now(timezone.utc) + deadline if isinstance(deadline, timedelta) else deadline
        )
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        payload["deadline"] = when.isoformat()
    if default is not _NO_DEFAULT:
        payload["default"] = default
    return interrupt(payload, response_schema=schema, key=key)


@dataclass(frozen=True, slots=True)
class Decision:
    """A person's decision on an action: `accept`, `edit` (new `args`), `response` (text), `ignore`."""

    type: DecisionType
    args: Any = None

    @property
    def accepted(self) -> bool:
        return self.type in ("accept", "edit")


def _decision_schema(allowed: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "type": {"enum": allowed},
            "args": {},
        },
        "required": ["type"],
        "allOf": [
            {
                "if": {"properties": {"type": {"const": "edit"}}},
                "then": {"properties": {"args": {"type": "object"}}, "required": ["args"]},
            },
            {
                "if": {"properties": {"type": {"const": "response"}}},
                "then": {"properties": {"args": {"type": "string"}}, "required": ["args"]},
            },
        ],
    }


def approve(
    action: str,
    args: dict[str, Any],
    *,
    description: str | None = None,
    allow_edit: bool = True,
    allow_respond: bool = False,
    allow_ignore: bool = False,
    key: str | None = None,
) -> Decision:
    """Ask a person to accept, edit, answer or ignore `action(args)`; return their `Decision`.

    The interrupt value is an Agent Inbox request; the answer is `{"type": ..., "args": ...}`
    (a one-element list of it is accepted too, as Agent Inbox sends). A type the request does not
    allow is rejected like any invalid answer.
    """
    config = {
        "allow_accept": True,
        "allow_edit": allow_edit,
        "allow_respond": allow_respond,
        "allow_ignore": allow_ignore,
    }
    allowed = ["accept"]
    allowed += ["edit"] if allow_edit else []
    allowed += ["response"] if allow_respond else []
    allowed += ["ignore"] if allow_ignore else []
    request = {
        "action_request": {"action": action, "args": args},
        "config": config,
        "description": description,
    }
    answer = interrupt(request, response_schema=_decision_schema(allowed), key=key)
    return as_decision(answer, allowed)


def as_decision(answer: Any, allowed: list[str]) -> Decision:
    if isinstance(answer, list) and len(answer) == 1:
        answer = answer[0]
    if isinstance(answer, Decision):
        answer = {"type": answer.type, "args": answer.args}
    if not isinstance(answer, dict) or answer.get("type") not in allowed:
        kind = answer.get("type") if isinstance(answer, dict) else type(answer).__name__
        raise InvalidAnswerError(
            f"Answer type {kind!r} is not allowed here; use one of: {', '.join(allowed)}",
            path="type",
        )
    return Decision(answer["type"], answer.get("args"))


def review(draft: Any, *, instructions: str | None = None, key: str | None = None) -> Any:
    """Show `draft` to a person and return it as they edited it (unchanged if they accept)."""
    decision = approve(
        "review",
        {"draft": draft},
        description=instructions,
        allow_edit=True,
        key=key,
    )
    if decision.type == "edit" and isinstance(decision.args, dict) and "draft" in decision.args:
        return decision.args["draft"]
    return draft
