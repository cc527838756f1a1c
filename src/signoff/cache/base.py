"""`BaseCache`: where a graph keeps the writes of cached nodes, keyed by node and input.

Keys are `(namespace, key)`: the namespace names the node (so `clear_cache(nodes)` can drop one
node's entries), the key is a hash of the node's input. Values go through the checkpoint
serializer, so a cache holds what a checkpoint could, and never pickles.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

ValueT = TypeVar("ValueT")
Namespace = tuple[str, ...]
FullKey = tuple[Namespace, str]


class BaseCache(ABC, Generic[ValueT]):
    """A key-value store with per-entry expiry, sync and async."""

    def __init__(self, *, serde: Any = None) -> None:
        if serde is None:
            from signoff.checkpoint.serde import default_serializer

            serde = default_serializer()
        self.serde = serde

    @abstractmethod
    def get(self, keys: Sequence[FullKey]) -> dict[FullKey, ValueT]:
        """The stored, unexpired values of those `keys` that have one."""

    @abstractmethod
    async def aget(self, keys: Sequence[FullKey]) -> dict[FullKey, ValueT]:
        """`get`, awaitable."""

    @abstractmethod
    def set(self, pairs: Mapping[FullKey, tuple[ValueT, int | None]]) -> None:
        """Store each value with its time to live in seconds (None: until cleared)."""

    @abstractmethod
    async def aset(self, pairs: Mapping[FullKey, tuple[ValueT, int | None]]) -> None:
        """`set`, awaitable."""

    @abstractmethod
    def clear(self, namespaces: Sequence[Namespace] | None = None) -> None:
        """Drop the entries of `namespaces`, or every entry when None."""

    @abstractmethod
    async def aclear(self, namespaces: Sequence[Namespace] | None = None) -> None:
        """`clear`, awaitable."""


__all__ = ["BaseCache", "FullKey", "Namespace"]
