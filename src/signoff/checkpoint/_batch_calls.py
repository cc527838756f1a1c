"""What `put_batch` takes: a list of saver write calls, each a method name and its arguments.

Only the write methods a saver can make inside one transaction belong in a batch; reads and an
answer's claim (made at once, exactly once) never do.
"""

from __future__ import annotations

from typing import Any

BatchCall = tuple[str, tuple[Any, ...]]
"""One call of `put_batch`: a saver write method's name and its arguments."""

BATCH_METHODS: frozenset[str] = frozenset(
    {"put", "put_step", "put_writes", "put_interrupts", "index_interrupts"}
)


def batch_method(method: str) -> str:
    if method not in BATCH_METHODS:
        raise ValueError(
            f"put_batch cannot make {method!r}: a batch holds only {', '.join(sorted(BATCH_METHODS))}"
        )
    return method
