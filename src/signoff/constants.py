"""Names shared by the graph builder, the runtime and the savers.

`START` and `END` are public; the double-underscore names are the reserved channels and write keys
that a checkpoint may contain.
"""

from __future__ import annotations

import sys
from typing import Final

START: Final = sys.intern("__start__")
"""The virtual node a graph starts from."""
END: Final = sys.intern("__end__")
"""The virtual node a graph finishes at."""

INPUT: Final = sys.intern("__input__")
INTERRUPT: Final = sys.intern("__interrupt__")
RESUME: Final = sys.intern("__resume__")
ERROR: Final = sys.intern("__error__")
NO_WRITES: Final = sys.intern("__no_writes__")
TASKS: Final = sys.intern("__pregel_tasks")
RETURN: Final = sys.intern("__return__")
PREVIOUS: Final = sys.intern("__previous__")
PUSH: Final = sys.intern("__pregel_push")
PULL: Final = sys.intern("__pregel_pull")
NULL_TASK_ID: Final = sys.intern("00000000-0000-0000-0000-000000000000")
NS_SEP: Final = "|"
NS_END: Final = ":"
TAG_HIDDEN: Final = "langsmith:hidden"
TAG_NOSTREAM: Final = "nostream"

RESERVED: Final = frozenset(
    {INPUT, INTERRUPT, RESUME, ERROR, NO_WRITES, TASKS, RETURN, PREVIOUS, PUSH, PULL}
)

__all__ = ["END", "START"]
