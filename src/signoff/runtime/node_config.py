"""The config a node receives (and `get_config()` returns), in LangGraph's shape."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from signoff.checkpoint.base import RunnableConfig
from signoff.runtime.plan import Task

if TYPE_CHECKING:
    from signoff.runtime.messages import MessagesHandler

PROPAGATED = (
    "thread_id",
    "checkpoint_id",
    "checkpoint_ns",
    "task_id",
    "run_id",
    "assistant_id",
    "graph_id",
)
"""`configurable` keys LangGraph repeats in a node's metadata (no others: a key may be secret)."""


def node_config(
    config: RunnableConfig,
    task: Task,
    step: int,
    parents: dict[str, str],
    messages: MessagesHandler | None,
) -> dict[str, Any]:
    """The config a node receives (and `get_config()` returns), shaped as LangGraph's: the
    run's config, its `configurable` plus where the task is (namespace, checkpoint id, the
    enclosing graphs' checkpoints), its metadata plus the task's `langgraph_*` keys; `messages`
    joins the callbacks when the run streams model tokens."""
    configurable = config.get("configurable", {})
    here = next(reversed(parents.values())) if parents else None
    metadata = {
        **{k: v for k in PROPAGATED if (v := configurable.get(k))},
        **config.get("metadata", {}),
        **task.node.metadata,  # add_node(metadata=...) wins over the run's, as in LangGraph
        "langgraph_step": step,
        "langgraph_node": task.name,
        "langgraph_triggers": task.triggers,
        "langgraph_path": task.path,
        "langgraph_checkpoint_ns": task.checkpoint_ns,
    }
    callbacks = config.get("callbacks")
    if messages is not None:
        callbacks = [*(callbacks or ()), messages]
    return {
        **config,
        "callbacks": callbacks,
        "configurable": {
            **configurable,
            "checkpoint_ns": task.checkpoint_ns,
            "checkpoint_id": here,
            "checkpoint_map": dict(parents),
        },
        "metadata": metadata,
    }
