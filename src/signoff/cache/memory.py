"""`InMemoryCache`: a cache in this process's memory, safe to share between threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence

from signoff.cache.base import BaseCache, FullKey, Namespace, ValueT


class InMemoryCache(BaseCache[ValueT]):
    """Entries are stored serialized (so a cached value is never shared with the node that made
    it) with an absolute expiry time; expired entries are dropped when read."""

    def __init__(self, *, serde: object = None) -> None:
        super().__init__(serde=serde)
        self._entries: dict[Namespace, dict[str, tuple[tuple[str, bytes], float | None]]] = {}
        self._lock = threading.RLock()

    def get(self, keys: Sequence[FullKey]) -> dict[FullKey, ValueT]:
        found: dict[FullKey, ValueT] = {}
        if not keys:
            return found
        now = time.time()
        with self._lock:
            for ns, key in keys:
                entries = self._entries.get(tuple(ns))
                if entries is None or key not in entries:
                    continue
                data, expiry = entries[key]
                if expiry is not None and now >= expiry:
                    del entries[key]
                    continue
                found[(tuple(ns), key)] = self.serde.loads_typed(data)
        return found

    async def aget(self, keys: Sequence[FullKey]) -> dict[FullKey, ValueT]:
        return self.get(keys)

    def set(self, pairs: Mapping[FullKey, tuple[ValueT, int | None]]) -> None:
        now = time.time()
        with self._lock:
            for (ns, key), (value, ttl) in pairs.items():
                expiry = None if ttl is None else now + ttl
                data = self.serde.dumps_typed(value)
                self._entries.setdefault(tuple(ns), {})[key] = (data, expiry)

    async def aset(self, pairs: Mapping[FullKey, tuple[ValueT, int | None]]) -> None:
        self.set(pairs)

    def clear(self, namespaces: Sequence[Namespace] | None = None) -> None:
        with self._lock:
            if namespaces is None:
                self._entries.clear()
                return
            for ns in namespaces:
                self._entries.pop(tuple(ns), None)

    async def aclear(self, namespaces: Sequence[Namespace] | None = None) -> None:
        self.clear(namespaces)


__all__ = ["InMemoryCache"]
