"""How `InMemorySaver` keeps values so that no caller can change them once stored.

A value of an immutable type (str, int, float, bool, None, bytes) is kept as it is: nobody can
change it, and most state is made of them. Any other value is serialized, a batch at a time (one
serializer call for the metadata and every channel a step changed, one for all the writes of a
step), and decoded afresh for every read. Interrupts and answers keep their plain fields
as they are and their values (payload, schema, default, answer) as such references.

A list of langchain_core messages (a conversation) is stored message by message, and a message
object already stored for the thread's previous list is not serialized again: a step that adds a
message costs one message, not the conversation. The price: a message object changed in place
after it was stored keeps its stored copy in later checkpoints too (messages are replaced by id,
not edited in place, by `add_messages`).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, cast

from signoff.checkpoint.base import (
    AnswerRecord,
    InterruptRecord,
    ThreadInfo,
    ThreadStatus,
    time_key,
)
from signoff.checkpoint.serde import Serializer
from signoff.constants import ERROR

IMMUTABLE: frozenset[type] = frozenset({str, int, float, bool, type(None), bytes})
"""Exact types whose values are stored by reference (subclasses may be mutable)."""


class Batch:
    """Values serialized together by one serializer call."""

    __slots__ = ("blob", "single")

    def __init__(self, serde: Serializer, values: list[Any]) -> None:
        # A single value keeps its own type tag (a top-level bytearray stays a bytearray).
        self.single = len(values) == 1
        self.blob = (
            serde.dumps_typed(values[0]) if self.single else ("msgpack", serde.dumps(values))
        )

    def decode(self, serde: Serializer) -> list[Any]:
        decoded = serde.loads_typed(self.blob)
        return [decoded] if self.single else list(decoded)


class Flat:
    """Marks a reference to a private copy made by `flat_copy` (copied again for every read)."""

    __slots__ = ()


FLAT = Flat()


def flat_copy(value: Any) -> dict[Any, Any] | None:
    """A copy of a dict whose values are immutable or dicts of immutable values, which is what
    checkpoint metadata nearly always is (copying it beats serializing it); else None."""
    if type(value) is not dict:
        return None
    out: dict[Any, Any] = {}
    for key, item in value.items():
        kind = type(item)
        if kind in IMMUTABLE:
            out[key] = item
        elif kind is dict:
            for inner in item.values():
                if type(inner) not in IMMUTABLE:
                    return None
            out[key] = dict(item)
        else:
            return None
    return out


class Listed:
    """Marks a list stored element by element: `(LISTED, (ref, ...))`, rebuilt at read time."""

    __slots__ = ()


LISTED = Listed()


def is_message(value: Any) -> bool:
    """A langchain_core message: by convention never changed in place once in a conversation
    (`add_messages` replaces a message by id), so its stored copy can serve the next checkpoint
    whose list holds the same object."""
    return type(value).__module__.startswith("langchain_core.messages")


class MessageMemo:
    """For the last few message lists stored, the stored copy of each message, so a list that
    grows by one message costs one message's serialization, not the whole conversation's."""

    __slots__ = ("lists",)

    LIMIT = 256
    """Lists remembered (by thread and channel); the oldest is forgotten first."""

    def __init__(self) -> None:
        self.lists: dict[tuple[str, str], tuple[tuple[Any, ...], tuple[Ref, ...]]] = {}
        """Per list: its messages as stored last and their copies (only all-message lists)."""

    def encode(
        self,
        serde: Serializer,
        key: tuple[str, str],
        items: list[Any],
        written: Mapping[int, Ref],
    ) -> Ref:
        """A reference to a copy of `items`: known message objects by their stored copy, those a
        task of this step wrote by the copy just made of them (`written`, by `id`), the rest in
        one batch."""
        refs: list[Ref | None] = []
        known: dict[int, tuple[Any, Ref]] = {}
        prev = self.lists.pop(key, None)
        if prev is not None:
            old_items, old_refs = prev
            if len(old_items) <= len(items) and all(map(operator.is_, old_items, items)):
                refs.extend(old_refs)  # the usual step: messages added at the end
            else:
                known = {id(m): (m, r) for m, r in zip(old_items, old_refs, strict=True)}
        fresh: list[int] = []
        for i in range(len(refs), len(items)):
            item = items[i]
            hit = known.get(id(item))
            if hit is not None and hit[0] is item:
                refs.append(hit[1])
            elif id(item) in written:
                refs.append(written[id(item)])
            else:
                refs.append(None)
                fresh.append(i)
        if fresh:
            for i, ref in zip(fresh, encode_values(serde, [items[i] for i in fresh]), strict=True):
                refs[i] = ref
        done = cast("list[Ref]", refs)
        checked = len(prev[0]) if prev is not None and not known else 0  # all messages
        if all(is_message(item) for item in items[checked:]):
            self.lists[key] = (tuple(items), tuple(done))
        if len(self.lists) > self.LIMIT:
            del self.lists[next(iter(self.lists))]
        return (LISTED, tuple(done))


class Keyed:
    """Marks a reference to `{key: value}` built at read time from a reference to `value`."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


Ref = tuple[Batch | Keyed | Flat | Listed | None, Any]
"""`(batch, index)` of a serialized value, `(None, value)` for a value of an immutable type,
`(FLAT, copy)` for a `flat_copy`, or `(Keyed(key), ref)` for `{key: <the value ref refers to>}`."""


def encode_values(serde: Serializer, values: list[Any]) -> list[Ref]:
    """References to copies of `values`: immutable ones as they are, the others in one batch."""
    refs: list[Ref] = []
    rest: list[int] = []
    for value in values:
        kind = type(value)
        if kind in IMMUTABLE:
            refs.append((None, value))
        elif kind is bytearray:  # inside a batch it would come back as bytes
            refs.append((Batch(serde, [value]), 0))
        else:
            refs.append((None, None))
            rest.append(len(refs) - 1)
    if rest:
        batch = Batch(serde, [values[i] for i in rest])
        for at, i in enumerate(rest):
            refs[i] = (batch, at)
    return refs


def encode_writes(serde: Serializer, values: list[Any]) -> tuple[list[Ref], dict[int, Ref]]:
    """References to copies of a step's written values (as `encode_values`, one batch), and by
    `id` the reference of each value copied and of each message in a written list of messages:
    a list of messages is copied message by message, so the conversation it is added to reuses
    each message's copy instead of making another."""
    flat: list[Any] = []
    sizes: list[int] = []  # per value: -1 for a value copied whole, else its number of messages
    for value in values:
        if type(value) is list and value and all(is_message(m) for m in value):
            sizes.append(len(value))
            flat.extend(value)
        else:
            sizes.append(-1)
            flat.append(value)
    flat_refs = encode_values(serde, flat)
    refs: list[Ref] = []
    written: dict[int, Ref] = {}
    at = 0
    for value, size in zip(values, sizes, strict=True):
        if size < 0:
            ref = flat_refs[at]
            at += 1
        else:
            for message, item in zip(value, flat_refs[at : at + size], strict=True):
                written[id(message)] = item
            ref = (LISTED, tuple(flat_refs[at : at + size]))
            at += size
        refs.append(ref)
        if ref[0] is not None:
            written[id(value)] = ref
    return refs, written


class Decoder:
    """Decodes references for one read, each batch once, into objects the caller owns."""

    __slots__ = ("_done", "_serde")

    def __init__(self, serde: Serializer) -> None:
        self._serde = serde
        self._done: dict[int, list[Any]] = {}

    def __call__(self, ref: Ref) -> Any:
        batch, index = ref
        if batch is None:
            return index
        if isinstance(batch, Flat):
            return flat_copy(index)
        if isinstance(batch, Keyed):
            return {batch.key: self(index)}
        if isinstance(batch, Listed):
            return [self(ref) for ref in index]
        values = self._done.get(id(batch))
        if values is None:
            values = self._done[id(batch)] = batch.decode(self._serde)
        return values[index]


class Raised:
    """A raised interrupt: the caller's record (whose plain fields cannot change) and references
    to copies of its values; `record()` hands out a record holding fresh copies."""

    __slots__ = ("key", "rec", "refs")

    def __init__(self, rec: InterruptRecord, refs: list[Ref]) -> None:
        self.rec = rec
        self.refs = refs
        """value, response schema, default"""
        self.key = (time_key(rec.created_at), rec.interrupt_id, rec.thread_id)
        """The order of pending interrupts: (created_at, interrupt id, thread id)."""

    @staticmethod
    def values_of(rec: InterruptRecord) -> list[Any]:
        """What `refs` must reference, in order."""
        return [rec.value, rec.response_schema, rec.default if rec.has_default else None]

    def record(self, serde: Serializer) -> InterruptRecord:
        decode = Decoder(serde)
        value, schema, default = (decode(ref) for ref in self.refs)
        if self.rec.has_default:
            return replace(self.rec, value=value, response_schema=schema, default=default)
        return replace(self.rec, value=value, response_schema=schema)

    @property
    def interrupt_id(self) -> str:
        return self.rec.interrupt_id

    @property
    def checkpoint_id(self) -> str:
        return self.rec.checkpoint_id

    @property
    def where(self) -> tuple[str, str]:
        return (self.rec.checkpoint_ns, self.rec.checkpoint_id)

    @property
    def graph(self) -> str | None:
        return self.rec.graph

    @property
    def node(self) -> str:
        return self.rec.node


class Answered:
    """An answer for the audit trail: the caller's record and a reference to its value's copy."""

    __slots__ = ("answered_at", "rec", "ref")

    def __init__(self, rec: AnswerRecord, ref: Ref, now: datetime) -> None:
        self.rec = rec
        self.ref = ref
        self.answered_at = rec.answered_at or now

    def record(self, serde: Serializer) -> AnswerRecord:
        value = Decoder(serde)(self.ref)
        return replace(self.rec, value=value, answered_at=self.answered_at)


def thread_info(
    thread_id: str,
    checkpoint_id: str,
    ts: str,
    metadata: Mapping[str, Any],
    writes: Mapping[Any, tuple[str, str, Any]],
    interrupted: bool,
) -> ThreadInfo:
    """A thread's listing entry from its latest root checkpoint."""
    failed = any(channel == ERROR for _, channel, _ in writes.values())
    status: ThreadStatus = "interrupted" if interrupted else "error" if failed else "idle"
    try:
        updated_at: datetime | None = datetime.fromisoformat(ts)
    except (TypeError, ValueError):
        updated_at = None
    return ThreadInfo(
        thread_id=thread_id,
        checkpoint_id=checkpoint_id,
        updated_at=updated_at,
        status=status,
        metadata=dict(metadata),
    )
