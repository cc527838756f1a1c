"""The state of a `create_react_agent` graph, and its `remaining_steps` value.

LangGraph's agent state carries `remaining_steps`, a managed value (the run's recursion limit minus
the current step) that no node writes. signoff has no managed values, so the key is an ordinary
state key nobody writes (it never shows in the output) marked `RemainingSteps`, and the agent's
model node computes its value when it runs, from the task's step and the run's limit.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Annotated, Any, get_type_hints

from langchain_core.messages import BaseMessage
from typing_extensions import NotRequired, Required, TypedDict

from signoff.graph.message import add_messages
from signoff.runtime.context import current_task

DEFAULT_RECURSION_LIMIT = 10007
"""The limit a run has when its config sets none (LangGraph's default, and the runtime's)."""


class _RemainingStepsMarker:
    """Marks a state key as `RemainingSteps`. Not callable, so a schema does not take it for a
    reducer."""

    def __repr__(self) -> str:
        return "RemainingSteps"


REMAINING_STEPS = _RemainingStepsMarker()

RemainingSteps = Annotated[int, REMAINING_STEPS]
"""Type a state key `remaining_steps: RemainingSteps` to have the agent fill it in."""


class AgentState(TypedDict):
    """The state of a `create_react_agent` graph."""

    messages: Annotated[Sequence[BaseMessage], add_messages]
    remaining_steps: NotRequired[RemainingSteps]


class AgentStateWithStructuredResponse(AgentState):
    """The agent state with the `response_format` answer."""

    structured_response: Any


def check_state_schema(state_schema: Any, response_format: Any) -> None:
    """Refuse a custom schema without the keys the agent uses (LangGraph's ValueError)."""
    required = {"messages", "remaining_steps"}
    if response_format is not None:
        required.add("structured_response")
    missing = required - set(get_type_hints(state_schema))
    if missing:
        raise ValueError(f"Missing required key(s) {missing} in state_schema")


def is_managed(state_schema: Any) -> bool:
    """Whether the schema's `remaining_steps` is a `RemainingSteps` (else it is the state's own)."""
    try:
        hints = get_type_hints(state_schema, include_extras=True)
    except Exception:
        return False
    annotation = hints.get("remaining_steps")
    while typing.get_origin(annotation) in (Required, NotRequired):
        annotation = typing.get_args(annotation)[0]
    return any(meta is REMAINING_STEPS for meta in getattr(annotation, "__metadata__", ()))


def remaining_steps() -> int | None:
    """How many steps the running task's run has left (LangGraph's `RemainingSteps`), or None
    outside a graph: `stop - step`, where the run stops after step `stop` (the step it started
    from plus the recursion limit)."""
    ctx = current_task()
    if ctx is None:
        return None
    stop = ctx.stop
    if stop is None:  # a task the loop did not start (no run to count for)
        limit = ctx.config.get("recursion_limit")
        stop = DEFAULT_RECURSION_LIMIT if limit is None else int(limit)
    return int(stop) - ctx.step


__all__ = [
    "AgentState",
    "AgentStateWithStructuredResponse",
    "RemainingSteps",
    "check_state_schema",
    "is_managed",
    "remaining_steps",
]
