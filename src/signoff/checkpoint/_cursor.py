"""The paging cursor of `pending_interrupts`, shared by every saver."""

from __future__ import annotations


def unknown_cursor(cursor: str) -> ValueError:
    """A cursor naming no stored interrupt: reading on from the start would repeat rows the
    caller already has, so it is refused."""
    return ValueError(
        f"cursor {cursor!r} names no stored interrupt (its thread was deleted or its checkpoint "
        "pruned); page again from the start, without a cursor"
    )
