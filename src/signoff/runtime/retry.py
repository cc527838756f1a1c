"""Retry policies: which policy an error falls under, and how long to wait before the next try.

Shared by graph nodes (`runtime/task.py`) and `@task` calls (`func.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from signoff.types import RetryPolicy

if TYPE_CHECKING:
    from signoff.runtime.context import TaskContext
    from signoff.runtime.plan import Task


def policy_delay(policies: Sequence[RetryPolicy], exc: Exception, attempt: int) -> float | None:
    """Seconds to wait before try `attempt + 1` after `exc` under the first policy it matches, or
    None to give up (no policy matches, or that policy's attempts are used up)."""
    for policy in policies:
        if matches(policy, exc):
            return None if attempt >= policy.max_attempts else policy.interval(attempt)
    return None


def matches(policy: RetryPolicy, exc: Exception) -> bool:
    retry_on = policy.retry_on
    if isinstance(retry_on, type):
        return isinstance(exc, retry_on)
    if isinstance(retry_on, (tuple, list)):
        return isinstance(exc, tuple(retry_on))
    if callable(retry_on):
        return bool(retry_on(exc))
    return False


def new_attempt(task: Task, ctx: TaskContext, handler: Any, error: Exception) -> None:
    """`task` is tried again after `error`: its interrupt calls count from the first again, and
    a run reporting to callbacks (`handler` is its `RunTrace`) starts a new node run for it, as
    LangGraph does for each attempt."""
    ctx.interrupt_index = 0
    ctx.raised.clear()
    ctx.observed.clear()
    retried = getattr(handler, "retried", None)  # a `messages` handler has none
    if retried is not None:
        retried(task, ctx.config, error)
