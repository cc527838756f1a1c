"""Build graphs: `StateGraph`, `START`, `END`; `MessagesState` and `add_messages` load lazily."""

from __future__ import annotations

from typing import Any

from signoff.constants import END, START
from signoff.graph.builder import StateGraph
from signoff.graph.compiled import CompiledStateGraph

__all__ = ["END", "START", "CompiledStateGraph", "MessagesState", "StateGraph", "add_messages"]

_LAZY = {"MessagesState", "add_messages", "REMOVE_ALL_MESSAGES", "MessageGraph"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from signoff.graph import message

        return getattr(message, name)
    raise AttributeError(f"module 'signoff.graph' has no attribute {name!r}")
