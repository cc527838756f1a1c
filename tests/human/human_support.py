"""Helpers for the human-in-the-loop tests: one-node graphs and what a thread has stored."""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.graph import END, START, StateGraph


class State(TypedDict, total=False):
    value: Any
    log: list[Any]


class Parallel(TypedDict, total=False):
    """For graphs whose parallel nodes all write `log`."""

    log: Annotated[list[Any], operator.add]


def config(thread_id: str, answered_by: str | None = None) -> dict[str, Any]:
    conf: dict[str, Any] = {"configurable": {"thread_id": thread_id}}
    if answered_by is not None:
        conf["metadata"] = {"answered_by": answered_by}
    return conf


def one_node(
    node: Callable[..., Any],
    saver: BaseCheckpointSaver,
    *,
    name: str = "node",
    graph_name: str | None = None,
) -> Any:
    """START → `name` → END over `State`."""
    builder = StateGraph(State)
    builder.add_node(name, node)
    builder.add_edge(START, name)
    builder.add_edge(name, END)
    return builder.compile(checkpointer=saver, name=graph_name)


@dataclass(frozen=True)
class Footprint:
    """Everything a thread has stored: checkpoints, the latest one's writes, answers, inbox."""

    checkpoints: int
    writes: list[tuple[str, str, Any]]
    answers: int
    pending: list[str]


def footprint(saver: BaseCheckpointSaver, thread_id: str) -> Footprint:
    conf = {"configurable": {"thread_id": thread_id}}
    latest = saver.get_tuple(conf)
    return Footprint(
        checkpoints=len(list(saver.list(conf))),
        writes=list(latest.pending_writes or []) if latest else [],
        answers=len(saver.answers(thread_id)),
        pending=[r.interrupt_id for r in saver.pending_interrupts(thread_id=thread_id)],
    )
