"""Run values a node reaches without taking them as parameters: its config, stream writer, store
and runtime. Outside a running task each raises LangGraph's RuntimeError."""

from __future__ import annotations

from typing import Any

from signoff.checkpoint.base import RunnableConfig
from signoff.runtime.context import Runtime, TaskContext, current_task

__all__ = ["get_config", "get_runtime", "get_store", "get_stream_writer", "merge_configs"]

OUTSIDE = "Called get_config outside of a runnable context"
"""LangGraph's message for any of these called outside a graph task."""


def _task() -> TaskContext:
    ctx = current_task()
    if ctx is None:
        raise RuntimeError(OUTSIDE)
    return ctx


def get_config() -> RunnableConfig:
    """The config of the task that is running (the very object its `config` parameter gets)."""
    return _task().config


def get_stream_writer() -> Any:
    """A function that emits a chunk on the `custom` stream mode of the running graph."""
    return _task().runtime.stream_writer


def get_store() -> Any:
    """The store of the running graph (None when it has none)."""
    return _task().runtime.store


def get_runtime(context_schema: Any = None) -> Runtime[Any]:
    """The `Runtime` of the task that is running (context, store, stream writer, ...)."""
    return _task().runtime


CONFIG_KEYS = frozenset(
    {
        "tags",
        "metadata",
        "callbacks",
        "run_name",
        "max_concurrency",
        "recursion_limit",
        "configurable",
        "run_id",
    }
)
"""The keys a config has at its top level (langchain_core's `RunnableConfig`)."""


def lift_config_keys(config: RunnableConfig | None) -> RunnableConfig | None:
    """`config` with any other top-level key moved into `configurable`, as langchain_core's
    `ensure_config` does: `invoke(x, {"thread_id": "1"})` names the thread (None values are
    dropped, as there)."""
    if not config or CONFIG_KEYS.issuperset(config):
        return config
    lifted: dict[str, Any] = {k: v for k, v in config.items() if k in CONFIG_KEYS}
    extra = {k: v for k, v in config.items() if k not in CONFIG_KEYS and v is not None}
    lifted["configurable"] = {**(config.get("configurable") or {}), **extra}
    return lifted


def merge_configs(base: RunnableConfig, extra: RunnableConfig | None) -> RunnableConfig:
    """`extra` over `base` as LangChain merges configs: `metadata` and `configurable` key by
    key, `tags` and `callbacks` lists joined, anything else replaced."""
    if not base:
        return dict(extra or {})
    out: dict[str, Any] = dict(base)
    for key, value in (extra or {}).items():
        if key in ("metadata", "configurable") and isinstance(value, dict):
            out[key] = {**out.get(key, {}), **value}
        elif key in ("tags", "callbacks") and isinstance(value, list):
            out[key] = [*(out.get(key) or []), *value]
        else:
            out[key] = value
    return out
