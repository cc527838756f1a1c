"""`InMemorySaver`'s interrupt index and answer log: which interrupts of each thread wait for an
answer, which were answered, and every answer given (kept for the audit trail).

The saver keeps checkpoints and their writes; this keeps the human side of a thread. It has no
lock of its own: the saver calls it under its lock, in the same critical section as the
checkpoint writes that go with it (the `__interrupt__` write, the `__resume__` writes).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from signoff.checkpoint._cursor import unknown_cursor
from signoff.checkpoint._memory_records import Answered, Raised, Ref, encode_values
from signoff.checkpoint.base import AnswerRecord, InterruptRecord
from signoff.checkpoint.serde import Serializer
from signoff.errors import InterruptAlreadyAnsweredError

Position = tuple[int, str, str]
"""Where an interrupt sits in the inbox order: (created_at key, interrupt id, thread id)."""


def encode_interrupts(
    serde: Serializer, interrupts: Sequence[InterruptRecord]
) -> tuple[Ref, list[Raised]]:
    """A reference to a copy of the task's `__interrupt__` write (the `Interrupt`s the records
    describe), and each record with references to copies of its values; one serializer call."""
    from signoff.types import Interrupt

    write: list[Interrupt[Any]] = [
        Interrupt(r.value, r.interrupt_id, response_schema=r.response_schema) for r in interrupts
    ]
    refs = encode_values(serde, [write, *(v for r in interrupts for v in Raised.values_of(r))])
    raised = [Raised(r, refs[1 + 3 * i : 4 + 3 * i]) for i, r in enumerate(interrupts)]
    return refs[0], raised


def encode_raised(serde: Serializer, interrupts: Sequence[InterruptRecord]) -> list[Raised]:
    """Each record with references to copies of its values, for the index alone (no write)."""
    refs = encode_values(serde, [v for r in interrupts for v in Raised.values_of(r)])
    return [Raised(r, refs[3 * i : 3 + 3 * i]) for i, r in enumerate(interrupts)]


class InterruptBook:
    """Pending and answered interrupts and the answers given, per thread."""

    __slots__ = ("_answered", "_given", "_pending")

    def __init__(self) -> None:
        # thread_id -> interrupt_id -> raised interrupt; pending ones only, then answered ones
        self._pending: dict[str, dict[str, Raised]] = {}
        self._answered: dict[str, dict[str, Raised]] = {}
        self._given: dict[str, list[Answered]] = {}

    def waiting(self, thread_id: str) -> bool:
        """Whether an interrupt of the thread waits for an answer."""
        return thread_id in self._pending

    def pending_of(self, thread_id: str) -> list[Raised]:
        return list(self._pending.get(thread_id, {}).values())

    def index(self, thread_id: str, raised: Sequence[Raised]) -> None:
        """Add interrupts raised at the thread's latest root checkpoint, except those already
        answered; a pending one raised again is replaced."""
        answered = self._answered.get(thread_id, {})
        for r in raised:
            if r.interrupt_id not in answered:
                self._pending.setdefault(thread_id, {})[r.interrupt_id] = r

    def answer(
        self,
        thread_id: str,
        checkpoint_id: str | None,
        answers: Sequence[AnswerRecord],
        refs: Sequence[Ref],
        now: datetime,
    ) -> None:
        """Mark `answers` answered and log them (`refs` copies their values), all or none: if an
        interrupt is not pending at `checkpoint_id`, or is named twice, change nothing and raise
        `InterruptAlreadyAnsweredError`."""
        pending = self._pending.get(thread_id, {})
        seen: set[str] = set()
        for a in answers:
            rec = pending.get(a.interrupt_id)
            if rec is None or rec.checkpoint_id != checkpoint_id or a.interrupt_id in seen:
                raise InterruptAlreadyAnsweredError(
                    f"interrupt {a.interrupt_id} of thread {thread_id!r} is not pending "
                    "(already answered?); read the thread's state and answer what is pending",
                    thread_id=thread_id,
                    interrupt_id=a.interrupt_id,
                )
            seen.add(a.interrupt_id)
        for a, ref in zip(answers, refs, strict=True):
            self._answered.setdefault(thread_id, {})[a.interrupt_id] = pending.pop(a.interrupt_id)
            self._given.setdefault(thread_id, []).append(Answered(a, ref, now))
        if not pending:
            self._pending.pop(thread_id, None)

    def pending(
        self, thread_id: str | None, cursor: str | None
    ) -> tuple[list[Raised], Position | None]:
        """The pending interrupts of the thread (of every thread when None), and where the
        interrupt `cursor` names sits in the order (None when no cursor; an unknown one is
        refused)."""
        threads = [thread_id] if thread_id is not None else list(self._pending)
        raised = [r for t in threads for r in self._pending.get(t, {}).values()]
        position = None
        if cursor is not None:
            position = self._position(cursor, raised, thread_id)
            if position is None:
                raise unknown_cursor(cursor)
        return raised, position

    def _position(
        self, cursor: str, pending: list[Raised], thread_id: str | None
    ) -> Position | None:
        """Where the interrupt `cursor` names sits in the order, pending or answered since."""
        keys = [r.key for r in pending if r.interrupt_id == cursor]
        for tid, answered in self._answered.items():
            if (thread_id is None or tid == thread_id) and cursor in answered:
                keys.append(answered[cursor].key)
        return min(keys) if keys else None

    def given(self, thread_id: str) -> list[Answered]:
        """The answers given on the thread, oldest first."""
        return list(self._given.get(thread_id, ()))

    def drop_pending(self, thread_id: str) -> None:
        """The thread moved on (a new root checkpoint): its pending interrupts are void."""
        self._pending.pop(thread_id, None)

    def forget_answered(self, thread_id: str, gone: Collection[tuple[str, str]]) -> None:
        """Pruning dropped the checkpoints `gone` ((ns, id) pairs): forget the answered
        interrupts raised there. The answers themselves stay."""
        answered = self._answered.get(thread_id, {})
        for iid in [i for i, r in answered.items() if r.where in gone]:
            del answered[iid]

    def forget(self, thread_id: str) -> None:
        """The thread is deleted: its interrupts and answers too."""
        self._pending.pop(thread_id, None)
        self._answered.pop(thread_id, None)
        self._given.pop(thread_id, None)


def inbox_page(
    raised: list[Raised],
    position: Position | None,
    *,
    graph: str | None,
    node: str | None,
    limit: int | None,
) -> list[Raised]:
    """One page of the inbox: filtered by graph and node, oldest first, after `position`."""
    chosen = sorted(
        (
            r
            for r in raised
            if (graph is None or r.graph == graph) and (node is None or r.node == node)
        ),
        key=lambda r: r.key,
    )
    if position is not None:
        chosen = [r for r in chosen if r.key > position]
    if limit is not None:
        chosen = chosen[: max(limit, 0)]
    return chosen
