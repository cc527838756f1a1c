"""The config a node or `@task` call receives (and `get_config()` returns), in LangGraph's shape,
and making it the config langchain_core runnables inside the task see."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from signoff.checkpoint.base import RunnableConfig
from signoff.constants import PUSH
from signoff.runtime.plan import Task

if TYPE_CHECKING:
    from signoff.runtime.callbacks import RunTrace
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
    messages: MessagesHandler | RunTrace | None,
) -> dict[str, Any]:
    """The config a node receives (and `get_config()` returns), shaped as LangGraph's: the
    run's config, its `configurable` plus where the task is (namespace, checkpoint id, the
    enclosing graphs' checkpoints), its metadata plus the task's `langgraph_*` keys. `messages`
    joins the callbacks when the run streams model tokens; when the run reports to callbacks
    (`RunTrace`), the task's callbacks are its node run's child (starting that run)."""
    configurable = config.get("configurable", {})
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
        callbacks = messages.task_callbacks(callbacks, task, step, config.get("tags"), metadata)
    if "run_id" in config or "run_name" in config:  # the graph run's, not the node's (LangGraph)
        config = {k: v for k, v in config.items() if k not in ("run_id", "run_name")}
    return {
        **config,
        "callbacks": callbacks,
        "configurable": {
            **configurable,
            "checkpoint_ns": task.checkpoint_ns,
            "checkpoint_id": None,  # as LangGraph: where the task is, is the namespace's map
            "checkpoint_map": dict(parents),
        },
        "metadata": metadata,
    }


def reporting_callbacks(config: Any) -> Any:
    """The callback manager in a task's config when its run reports to callbacks, else None
    (a run that does not has none, or a list holding its `messages` handler: `node_config`).
    A routing function or a `@task` call reports its own run under it (`runtime/callbacks.py`)."""
    callbacks = config.get("callbacks")
    return None if callbacks is None or isinstance(callbacks, list) else callbacks


def call_trace(
    caller: Any, call: Any, name: str, fn: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    """The `CallTrace` of a `@task` call (`call` is its config, `caller` its caller's) when the
    caller's run reports to callbacks, else None: a run without callbacks loads nothing."""
    callbacks = reporting_callbacks(caller)
    if callbacks is None:
        return None
    from signoff.runtime.callbacks import CallTrace, call_input

    return CallTrace(callbacks, call, name, call_input(fn, args, kwargs))


def call_config(config: Any, name: str, namespace: str, index: int) -> Any:
    """The config a `@task` call runs with (its `get_config()`, and what models inside it
    see): the caller's, with the call's own place, as LangGraph gives it."""
    metadata = dict(config.get("metadata") or {})
    metadata.update(
        langgraph_node=name,
        langgraph_triggers=(PUSH,),
        langgraph_path=(PUSH, metadata.get("langgraph_path"), index, True),
        langgraph_checkpoint_ns=namespace,
    )
    caller = config.get("configurable", {})
    configurable = {**caller, "checkpoint_ns": namespace}
    parents = caller.get("checkpoint_map")
    if parents:  # the caller's place joins the map, at the checkpoint its graph is on
        here = next(reversed(parents.values()))
        configurable["checkpoint_map"] = {**parents, caller.get("checkpoint_ns", ""): here}
    return {**config, "configurable": configurable, "metadata": metadata}


def enter_langchain(config: Any) -> Any:
    """Let langchain_core runnables in the call see `config` (if langchain_core is loaded)."""
    lc_config = sys.modules.get("langchain_core.runnables.config")
    if lc_config is None:
        return None
    var = lc_config.var_child_runnable_config
    return var, var.set(config)


def leave_langchain(token: Any) -> None:
    if token is not None:
        var, reset = token
        var.reset(reset)
