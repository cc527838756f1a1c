"""The run-time side of signoff: the one loop (`loop.py`), its drivers, and what nodes can reach.

Public here, as in `langgraph.runtime`: `Runtime` (what a node's `runtime` parameter receives) and
`RunControl` (ask a run to drain at the next superstep boundary).
"""

from signoff.runtime.context import Runtime
from signoff.runtime.control import RunControl

__all__ = ["RunControl", "Runtime"]
