"""Retry policies: which policy an error falls under, and how long to wait before the next try.

Shared by graph nodes (`runtime/task.py`) and `@task` calls (`func.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

from signoff.types import RetryPolicy


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
