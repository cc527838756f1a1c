"""A graph whose run, once an interrupt is answered, holds until the test lets it go: the window
in which every other resume of the same interrupt must be refused.

    ask:   answer = interrupt("Go ahead with <thread>?"), then hold(thread), then log the answer
    after: log "after"
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.graph import END, START, StateGraph
from signoff.graph.compiled import CompiledStateGraph
from signoff.types import interrupt

HOLD_LIMIT = 60.0
"""Seconds a held run waits for its release before failing; only a broken test gets there."""


class GateState(TypedDict):
    thread: str
    log: Annotated[list[str], operator.add]


def gate_graph(saver: BaseCheckpointSaver, hold: Callable[[str], None]) -> CompiledStateGraph:
    def ask(state: GateState) -> dict[str, Any]:
        answer = interrupt(f"Go ahead with {state['thread']}?")
        hold(state["thread"])
        return {"log": [f"answer: {answer}"]}

    def after(state: GateState) -> dict[str, Any]:
        return {"log": ["after"]}

    builder = StateGraph(GateState)
    builder.add_node("ask", ask)
    builder.add_node("after", after)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", "after")
    builder.add_edge("after", END)
    graph: CompiledStateGraph = builder.compile(checkpointer=saver, name="gate")
    return graph


def hold_until_file(release: Path, announce: Callable[[str], None]) -> Callable[[str], None]:
    """A `hold` for another process: say "holding", then wait until `release` exists."""

    def hold(thread: str) -> None:
        announce(f"holding {thread}")
        deadline = time.monotonic() + HOLD_LIMIT
        while not release.exists():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{release} never appeared")
            time.sleep(0.005)

    return hold
