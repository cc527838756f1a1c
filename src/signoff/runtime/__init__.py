"""The run-time side of signoff: the one loop (`loop.py`), its drivers, and what nodes can reach.

Public here, as in `langgraph.runtime`: `Runtime` (what a node's `runtime` parameter receives),
`get_runtime()`, and `RunControl` (ask a run to drain at the next superstep boundary).
"""

from signoff.runtime.context import Runtime
from signoff.runtime.control import RunControl


def get_runtime(context_schema: object = None) -> Runtime[object]:
    """The `Runtime` of the task that is running (as `langgraph.runtime.get_runtime`)."""
    from signoff.config import get_runtime as running

    return running(context_schema)


__all__ = ["RunControl", "Runtime", "get_runtime"]
