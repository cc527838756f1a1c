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

from signoff.checkpoint.serde import check_serializable
from signoff.errors import InvalidAnswerError
from signoff.runtime.answers import ASK, checked_default
from signoff.runtime.interrupt import earlier_question, fingerprint, interrupt, schema_adapter

__all__ = ["Decision", "DecisionKind", "approve", "ask", "review"]

_NO_DEFAULT: Any = object()

DecisionKind = Literal["accept", "edit", "response", "ignore"]


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
    interrupt carries its JSON Schema and the answer comes back as an instance of it (a JSON Schema
    dict is checked too, and the answer returned as given). `key`: match the answer to this
    question by key instead of by its text. `deadline` (a moment, or a delay from when the question
    is first asked) + `default`: once the deadline has passed, `graph.expire_due()` (or `signoff
    expire`) answers with `default`. The question stays pending until then, even if the deadline
    has already passed when it is asked.
    """
    check_serializable(question, "question")
    payload: dict[str, Any] = {"type": ASK, "question": question}
    if deadline is not None:
        payload["deadline"] = _deadline(deadline, key, payload)
    if default is not _NO_DEFAULT:
        adapter, _ = schema_adapter(schema)
        default = checked_default(default, schema, adapter)
        check_serializable(default, "default")
        payload["default"] = default
    return interrupt(payload, response_schema=schema, key=key)


def _deadline(deadline: datetime | timedelta, key: str | None, payload: dict[str, Any]) -> str:
    """The deadline as an ISO time in UTC. A delay counts from when the question was first asked,
    so asking again (the node re-runs while the question is pending) does not push it back."""
    earlier = earlier_question(key)
    if (
        isinstance(earlier, dict)
        and "deadline" in earlier
        and (key is not None or fingerprint(earlier) == fingerprint(payload))
    ):
        return str(earlier["deadline"])
    if isinstance(deadline, timedelta):
        return (datetime.now(timezone.utc) + deadline).isoformat()
    if not isinstance(deadline, datetime):
        raise TypeError(
            f"ask(): deadline must be a datetime or a timedelta, not {type(deadline).__name__}"
        )
    return deadline.astimezone(timezone.utc).isoformat()  # a naive time is local time


@dataclass(frozen=True, slots=True)
class Decision:
    """A person's decision on an action.

    `kind`: `accept` (run it with `args`, the proposed arguments), `edit` (run it with `args`, the
    person's arguments), `response` (do not run it; `response` is the person's message for the
    agent), `ignore` (do not run it). `args` is None exactly when the action should not run.
    """

    kind: DecisionKind
    args: dict[str, Any] | None = None
    response: str | None = None

    @property
    def accepted(self) -> bool:
        """Whether the action should run (as proposed or edited)."""
        return self.kind in ("accept", "edit")


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
    (a one-element list of it is accepted too, as Agent Inbox sends; so is an `edit` whose `args`
    is the whole edited request, `{"action": action, "args": {...}}`). A type the request does not
    allow is rejected like any invalid answer.
    """
    check_serializable(args, "args")
    check_serializable(description, "description")
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
    return as_decision(answer, action, args, allowed)


def as_decision(answer: Any, action: str, proposed: dict[str, Any], allowed: list[str]) -> Decision:
    """The `Decision` an Agent Inbox response stands for (already checked at resume time; checked
    again here for answers that bypassed that check, such as a null resume)."""
    if isinstance(answer, list) and len(answer) == 1:
        answer = answer[0]
    kind = answer.get("type") if isinstance(answer, dict) else None
    if kind not in allowed:
        shown = kind if isinstance(answer, dict) else type(answer).__name__
        raise InvalidAnswerError(
            f"Answer type {shown!r} is not allowed for action '{action}'; use one of: "
            f"{', '.join(allowed)}",
            path="type",
        )
    given = answer.get("args")
    if kind == "accept":
        return Decision("accept", dict(proposed))
    if kind == "edit":
        if _is_action_request(given, action):
            given = given["args"]  # Agent Inbox sends the whole edited ActionRequest
        if not isinstance(given, dict):
            raise InvalidAnswerError(
                f"An 'edit' of action '{action}' needs 'args': the new arguments as an object",
                path="args",
            )
        return Decision("edit", dict(given))
    if kind == "response":
        return Decision("response", response=str(given))
    return Decision("ignore")


def _is_action_request(value: Any, action: str) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"action", "args"}
        and value["action"] == action
        and isinstance(value["args"], dict)
    )


def review(draft: Any, *, instructions: str | None = None, key: str | None = None) -> Any:
    """Show `draft` to a person and return it as they edited it (unchanged if they accept)."""
    decision = approve(
        "review",
        {"draft": draft},
        description=instructions,
        allow_edit=True,
        key=key,
    )
    if decision.kind == "edit" and decision.args is not None and "draft" in decision.args:
        return decision.args["draft"]
    return draft
