"""A plain answer for a subgraph's question that `update_state` made the subgraph ask again.

An interrupt id names the task that asked, and a task id names the checkpoint its step started
from. `update_state` on a paused subgraph's own config gives the subgraph a new checkpoint, so on
resume its paused node runs as a new task and asks its question under a new id, while the parent
still holds the old one pending. A plain `Command(resume=v)` is claimed (exactly once) for the old
id; LangGraph, whose plain resume goes to the next question asked anywhere, gives it to the
re-asked question. signoff does too, but only inside the task that holds the claimed interrupt,
only in a graph run that no longer holds it pending, and only to the same question (else
`InterruptMismatchError`): the answer cannot reach another question.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from signoff.constants import NS_SEP
from signoff.runtime.context import NullResume

if TYPE_CHECKING:
    from signoff.runtime.plan import Task
    from signoff.types import Interrupt


def dormant_answer(
    value: Any, where: Mapping[str, tuple[str, Interrupt[Any]]], tasks: Iterable[Task]
) -> NullResume | None:
    """The plain answer `value`, claimed for the one interrupt in `where`, kept for its task's
    subgraph runs (dormant until one of them no longer holds that interrupt pending)."""
    if len(where) != 1:
        return None
    ((task_id, intr),) = where.values()
    for task in tasks:
        if task.id == task_id:
            return NullResume(value, claimed=intr, scope=task.checkpoint_ns)
    return None


def awaken(
    null: NullResume | None, checkpoint_ns: str, pending: Mapping[str, Any], durable: bool
) -> NullResume | None:
    """The null resume a graph run inside a task uses: its enclosing run's, or, when that is a
    dormant claimed answer this run should hold but whose interrupt is not `pending` at its
    checkpoint, that answer for the run's next question (taken from the dormant one, so once)."""
    if null is None or null.scope is None or null.taken or null.claimed is None:
        return null
    inside = checkpoint_ns == null.scope or checkpoint_ns.startswith(null.scope + NS_SEP)
    if not durable or not inside or null.claimed.id in pending or not null.take():
        return null
    return NullResume(null.value, claimed=null.claimed)
