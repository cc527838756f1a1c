"""`NodeSpec`: how the runtime sees a node — what triggers it, what it reads, how it is called,
and how its return value becomes channel writes. The graph builders produce these."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from signoff.types import CachePolicy, RetryPolicy, TimeoutPolicy

Writes = list[tuple[str, Any]]
ReadState = Callable[[Writes], Any]
"""Given a task's own writes, the state as the task's branches see it (writes applied)."""
Writer = Callable[[Any, ReadState], Writes]

_INJECTABLE = ("config", "runtime", "writer", "store", "previous")


@dataclass(slots=True)
class NodeSpec:
    name: str
    fn: Callable[..., Any]
    triggers: tuple[str, ...]
    reads: tuple[str, ...]
    """State channels the node reads; its input is a dict of the available ones."""
    writer: Writer
    mapper: Callable[[dict[str, Any]], Any] | None = None
    """Turns the input dict into the node's schema instance (dataclass / Pydantic)."""
    read_single: str | None = None
    """Read this one channel's value as the input instead of a dict (START node, Send-free)."""
    inject: dict[str, str] = field(default_factory=dict)
    """Run values the function takes besides its state: kind → parameter name (see `injections`)."""
    is_async: bool = False
    retry_policy: Sequence[RetryPolicy] = ()
    cache_policy: CachePolicy | None = None
    timeout: TimeoutPolicy | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    hidden: bool = False
    """Hidden nodes (START) are left out of `updates` output and `interrupt_before="*"`."""
    defer: bool = False
    subgraphs: tuple[Any, ...] = ()
    async_branches: bool = False
    """A conditional edge from the node has an `async def` path function: in an async run the
    node's writes are made on a worker thread, which waits for it on the run's loop."""
    afn: Callable[..., Any] | None = None
    """The node's async variant for async runs, when it has both (a subgraph: `ainvoke`)."""
    state_keys: frozenset[str] = frozenset()
    """The state keys a returned dict may update; a dict with none of them is refused (LangGraph
    silently drops unknown keys, so a typo loses the whole update)."""
    shown_input: Callable[[Any], Any] | None = None
    """How `tasks`/`debug` chunks show the task's input (an entrypoint shows its argument)."""


def injections(fn: Callable[..., Any]) -> dict[str, str]:
    """Which run values `fn` takes besides its state, as kind → parameter name.

    A parameter is recognised by its name (`config`, `runtime`, `writer`, `store`, `previous`) or,
    after the first parameter, by its annotation (`RunnableConfig`, `Runtime`, `StreamWriter`).
    """
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return {}
    found: dict[str, str] = {}
    for i, p in enumerate(params):
        if i == 0 or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        kind = p.name if p.name in _INJECTABLE else None
        if kind is None:
            ann = p.annotation
            text = ann if isinstance(ann, str) else getattr(ann, "__name__", None) or str(ann)
            for marker, name in _ANNOTATIONS:
                if marker in text:
                    kind = name
                    break
        if kind is not None:
            found[kind] = p.name
    return found


_ANNOTATIONS = (("Runtime", "runtime"), ("RunnableConfig", "config"), ("StreamWriter", "writer"))
