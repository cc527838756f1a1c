"""What the run loop asks its driver to do: call a saver method, or run a step's tasks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from signoff.runtime.plan import Task
    from signoff.runtime.task import TaskRunner


@dataclass(slots=True)
class Call:
    """Call `saver.<method>(*args)` (or its `a` twin in async) and send back the result."""

    method: str
    args: tuple[Any, ...]


@dataclass(slots=True)
class Execute:
    """Run these tasks (in parallel if several); outcomes are recorded on the tasks."""

    tasks: list[Task]
    runner: TaskRunner


Effect = Call | Execute
