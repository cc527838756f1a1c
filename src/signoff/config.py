"""Run values a node reaches without taking them as parameters: its config and stream writer."""

from __future__ import annotations

from typing import Any

from signoff.checkpoint.base import RunnableConfig
from signoff.runtime.context import current_task

__all__ = ["get_config", "get_store", "get_stream_writer"]


def get_config() -> RunnableConfig:
    """The config of the task that is running; raises outside a graph task."""
    ctx = current_task()
    if ctx is None:
        raise RuntimeError("Called get_config outside of a runnable context")
    return ctx.config


def get_stream_writer() -> Any:
    """A function that emits a chunk on the `custom` stream mode (a no-op outside a graph)."""
    ctx = current_task()
    if ctx is None:
        return lambda _chunk: None
    return ctx.runtime.stream_writer


def get_store() -> Any:
    ctx = current_task()
    return None if ctx is None else ctx.runtime.store
