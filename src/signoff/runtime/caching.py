"""Node caching (`add_node(..., cache_policy=CachePolicy())` with `compile(cache=...)`).

Before a task with a cache policy runs, its key is looked up: on a hit the task takes the stored
writes instead of running (and `updates` marks it `{"__metadata__": {"cached": True}}`); after it
finishes, its writes are stored with the policy's `ttl`. Keys are namespaced per node and function
(`("__pregel_ns_writes", "module.qualname", node)`, as LangGraph), so `clear_cache(["node"])`
drops one node's entries. Only finished tasks are stored: an error or interrupt is never cached.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from signoff.cache.base import FullKey, Namespace
from signoff.runtime.node import NodeSpec
from signoff.runtime.plan import Task

CACHE_NS_WRITES = "__pregel_ns_writes"


def namespace(node: NodeSpec) -> Namespace:
    return (CACHE_NS_WRITES, identifier(node.fn) or "__dynamic__", node.name)


def identifier(fn: Callable[..., Any]) -> str | None:
    """`module.qualname` of a node's function, so changing the function changes the namespace."""
    name = getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None)
    if name is None:
        return None
    module = getattr(fn, "__module__", None)
    return f"{module}.{name}" if module else str(name)


def key_of(task: Task) -> FullKey:
    """The cache key of `task`: its node's namespace and a hash of `key_func(input)`."""
    policy = task.node.cache_policy
    assert policy is not None
    raw = policy.key_func(task.input)
    data = raw.encode() if isinstance(raw, str) else raw
    return namespace(task.node), hashlib.blake2b(data, digest_size=16).hexdigest()


def take(task: Task, found: dict[FullKey, Any], key: FullKey) -> bool:
    """Give `task` the writes found under `key`; False on a miss."""
    writes = found.get(key)
    if writes is None:
        return False
    task.writes = [(channel, value) for channel, value in writes]
    task.done = True
    task.restored = True
    return True


def entry(task: Task, key: FullKey) -> dict[FullKey, tuple[Any, int | None]]:
    """What to store for a finished `task`."""
    policy = task.node.cache_policy
    assert policy is not None
    return {key: (list(task.writes), policy.ttl)}


def namespaces(nodes: dict[str, NodeSpec], names: Sequence[str] | None) -> list[Namespace]:
    """The cache namespaces of `names` (every node when None), for `clear_cache`."""
    chosen = list(nodes) if names is None else [n for n in names if n in nodes]
    return [namespace(nodes[n]) for n in chosen]
