"""Which checkpoints `prune(thread_id, keep_last=N)` keeps: one rule for every saver.

1. In the root namespace the `keep_last` newest checkpoints are kept, and so is every checkpoint a
   pending interrupt was raised at (the interrupt can still be answered and resumed).
2. A subgraph namespace keeps its `keep_last` newest checkpoints whose parent-graph checkpoints
   (`metadata["parents"]`) are all kept; a subgraph checkpoint whose parent-graph checkpoint is
   dropped is dropped with it. Namespaces are decided shallow to deep, so a grandchild sees its parent's fate.
3. Nothing kept may name a dropped checkpoint: a kept checkpoint whose `parent_config` named a
   dropped one loses that link, so the oldest kept checkpoint becomes the start of the history.
4. Values no kept checkpoint references are deleted. Answers stay for the audit trail.

Savers apply the rule inside one transaction (or under one lock), so a concurrent reader sees the
thread before or after, never half pruned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from signoff.constants import NS_SEP

Key = tuple[str, str]
"""(checkpoint_ns, checkpoint_id)"""


class Stored(NamedTuple):
    """What the rule needs to know of one stored checkpoint."""

    checkpoint_ns: str
    checkpoint_id: str
    parent_id: str | None
    parents: Mapping[str, str]
    """`metadata["parents"]`: parent-graph namespace -> checkpoint id."""


def check_keep_last(thread_id: str, keep_last: int) -> None:
    """Refuse a `keep_last` that would drop the latest checkpoint, before anything is touched."""
    if not isinstance(keep_last, int) or isinstance(keep_last, bool) or keep_last < 1:
        raise ValueError(
            f"keep_last must be at least 1 to prune thread {thread_id!r} "
            f"(the latest checkpoint is always kept), got {keep_last!r}"
        )


def parents_of(metadata: object) -> dict[str, str]:
    """`metadata["parents"]` as a dict of strings; {} when absent or malformed."""
    parents = metadata.get("parents") if isinstance(metadata, Mapping) else None
    if not isinstance(parents, Mapping):
        return {}
    return {str(ns): str(cid) for ns, cid in parents.items()}


def _depth(ns: str) -> tuple[int, str]:
    return (-1, ns) if ns == "" else (ns.count(NS_SEP), ns)


def kept(stored: Iterable[Stored], pinned: Iterable[Key], keep_last: int) -> set[Key]:
    """The `(ns, id)` of the checkpoints the rule keeps (`pinned`: where interrupts are pending)."""
    by_ns: dict[str, list[Stored]] = {}
    for s in stored:
        by_ns.setdefault(s.checkpoint_ns, []).append(s)
    keep: set[Key] = set(pinned)
    for ns in sorted(by_ns, key=_depth):
        newest_first = sorted(by_ns[ns], key=lambda s: s.checkpoint_id, reverse=True)
        for s in newest_first[:keep_last]:
            if all(parent in keep for parent in s.parents.items()):
                keep.add((ns, s.checkpoint_id))
    return keep


def cut_links(stored: Iterable[Stored], keep: set[Key]) -> list[Key]:
    """Kept checkpoints whose parent is dropped: their `parent_config` must become None."""
    return [
        (s.checkpoint_ns, s.checkpoint_id)
        for s in stored
        if (s.checkpoint_ns, s.checkpoint_id) in keep
        and s.parent_id is not None
        and (s.checkpoint_ns, s.parent_id) not in keep
    ]
