"""Stream output: the chunks a run produces for each stream mode, in LangGraph's shapes.

The loop reports what happened (`values`, a task's updates, an interrupt, a saved checkpoint);
the emitter turns it into chunks only for the modes someone asked for, and queues them for the
driver to hand out.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from signoff.constants import END, INTERRUPT, PUSH, RETURN
from signoff.runtime.apply import SPECIAL

if TYPE_CHECKING:
    from signoff.runtime.loop import Run
    from signoff.runtime.plan import Task
    from signoff.types import Interrupt

Chunk = tuple[tuple[str, ...], str, Any]
"""(namespace, mode, payload)"""


class Emitter:
    """Collects the chunks of one run for the requested modes."""

    __slots__ = (
        "last_values",
        "modes",
        "namespace",
        "notify",
        "output_keys",
        "queue",
        "sink",
        "subgraphs",
    )

    def __init__(
        self,
        modes: frozenset[str],
        output_keys: frozenset[str],
        namespace: tuple[str, ...] = (),
        *,
        subgraphs: bool = False,
        sink: Callable[[Chunk], None] | None = None,
    ) -> None:
        self.modes = modes
        self.output_keys = output_keys
        self.namespace = namespace
        self.subgraphs = subgraphs
        """Whether graphs run inside this run's tasks stream into it (`stream(subgraphs=True)`)."""
        self.queue: deque[Chunk] = deque()
        self.sink = sink
        """Where a subgraph's chunks go: the queue of the outermost run, which the driver drains."""
        self.last_values: Any = None
        self.notify: Callable[[], None] | None = None
        """Set by a driver that hands chunks out while tasks run: called after each chunk."""

    def put(self, mode: str, payload: Any) -> None:
        if self.sink is not None:
            self.sink((self.namespace, mode, payload))
        else:
            self.deliver((self.namespace, mode, payload))

    def deliver(self, chunk: Chunk) -> None:
        """Queue a chunk for the driver (from any thread) and wake it if it waits."""
        self.queue.append(chunk)
        notify = self.notify
        if notify is not None:
            notify()

    def child(self, checkpoint_ns: str, output_keys: frozenset[str]) -> Emitter | None:
        """The emitter of a graph run inside one of this run's tasks (namespace `checkpoint_ns`),
        or None when subgraph chunks are not streamed."""
        if not self.subgraphs:
            return None
        namespace = tuple(checkpoint_ns.split("|"))
        sink = self.sink or self.deliver
        return Emitter(self.modes, output_keys, namespace, subgraphs=True, sink=sink)

    # --- what the loop reports ---

    def values(self, state: Any) -> None:
        self.last_values = state
        if "values" in self.modes:
            self.put("values", state)

    def task_updates(self, task: Task) -> None:
        if "updates" not in self.modes or task.node.hidden:
            return
        update = self.update_of(task)
        chunk: dict[str, Any] = {task.name: update}
        if task.restored:
            chunk["__metadata__"] = {"cached": True}
        self.put("updates", chunk)

    def update_of(self, task: Task) -> Any:
        keys = self.output_keys
        picked = [(c, v) for c, v in task.writes if c in keys and c not in SPECIAL]
        if not picked:
            return None
        if picked[0][0] == END and len(keys) == 1:
            return picked[0][1]
        if len(picked) == 1:
            return {picked[0][0]: picked[0][1]}
        out: dict[str, Any] = {}
        for c, v in picked:
            out[c] = v
        return out

    def updates_interrupt(
        self, interrupts: tuple[Interrupt[Any], ...], current: Any = None
    ) -> None:
        """A task paused: `updates` get the interrupts; `values` the current state with them."""
        # With no state (an @entrypoint) both parts are one dict, as in LangGraph, whose v2 values
        # part then takes the interrupts out of it (see `parts.V2Parts`).
        paused = {INTERRUPT: interrupts}
        if "updates" in self.modes:
            self.put("updates", paused)
        if interrupts and "values" in self.modes:
            self.put(
                "values",
                {**current, INTERRUPT: interrupts} if isinstance(current, dict) else paused,
            )

    def custom(self, mode: str, chunk: Any) -> None:
        if mode in self.modes:
            self.put(mode, chunk)

    def tasks_started(self, step: int, tasks: list[Task]) -> None:
        if "tasks" not in self.modes and "debug" not in self.modes:
            return
        for task in tasks:
            if task.node.hidden:
                continue
            payload = {
                "id": task.id,
                "name": task.name,
                "input": task.input
                if task.node.shown_input is None
                else task.node.shown_input(task.input),
                "triggers": task.triggers,
            }
            self.task_event(step, "task", payload)

    def task_finished(self, step: int, task: Task) -> None:
        if task.node.hidden or ("tasks" not in self.modes and "debug" not in self.modes):
            return
        # a paused task's writes (before its conditional edge asked) are not its result
        written = () if task.interrupts else task.writes
        result = {c: v for c, v in written if c in self.output_keys or c == RETURN}
        payload = {
            "id": task.id,
            "name": task.name,
            "error": task.error,  # the exception itself, as LangGraph gives it
            "result": result,
            "interrupts": [
                {"value": i.value, "id": i.id, "response_schema": i.response_schema}
                for i in task.interrupts
            ],
        }
        self.task_event(step, "task_result", payload)

    def call_started(self, step: int, call_id: str, name: str, args: Any, kwargs: Any) -> None:
        """A `@task` call began (it runs as a task of its own, triggered by `__pregel_push`)."""
        if "tasks" in self.modes or "debug" in self.modes:
            payload = {"id": call_id, "name": name, "input": (args, kwargs), "triggers": (PUSH,)}
            self.task_event(step, "task", payload)

    def call_finished(self, step: int, call_id: str, name: str, value: Any) -> None:
        """A `@task` call returned `value`: an update `{name: value}` and its task result."""
        if "updates" in self.modes:
            self.put("updates", {name: value})
        if "tasks" in self.modes or "debug" in self.modes:
            payload: dict[str, Any] = {
                "id": call_id,
                "name": name,
                "error": None,
                "result": {RETURN: value},
                "interrupts": [],
            }
            self.task_event(step, "task_result", payload)

    def call_failed(self, step: int, call_id: str, name: str, error: Exception) -> None:
        """A `@task` call raised `error` (after its retries): its task result shows it."""
        if "tasks" in self.modes or "debug" in self.modes:
            payload = {"id": call_id, "name": name, "error": error, "result": {}, "interrupts": []}
            self.task_event(step, "task_result", payload)

    def task_event(self, step: int, kind: str, payload: dict[str, Any]) -> None:
        if "tasks" in self.modes:
            self.put("tasks", payload)
        if "debug" in self.modes:
            stamp = datetime.now(timezone.utc).isoformat()
            self.put("debug", {"step": step, "timestamp": stamp, "type": kind, "payload": payload})

    def checkpoint_saved(self, run: Run, *, loaded: bool = False) -> None:
        """A checkpoint was stored (or, `loaded`, the run picks up from it): checkpoint events."""
        if "checkpoints" not in self.modes and "debug" not in self.modes:
            return
        tasks = run.plan()
        payload = {
            "config": _shown_config(run, run.checkpoint_config),
            "parent_config": _shown_config(run, run.parent_config, as_stored=loaded),
            "values": run.graph.read_stream(run.channels),
            "metadata": run.metadata,
            "next": [t.name for t in tasks],
            "tasks": _shown_tasks(run, tasks),
        }
        if "checkpoints" in self.modes:
            self.put("checkpoints", payload)
        if "debug" in self.modes:
            stamp = datetime.now(timezone.utc).isoformat()
            step = run.metadata.get("step", 0)
            self.put(
                "debug",
                {"step": step, "timestamp": stamp, "type": "checkpoint", "payload": payload},
            )


def _shown_tasks(run: Run, tasks: list[Task]) -> list[dict[str, Any]]:
    """The tasks of a checkpoint event, in LangGraph's shapes: a task whose stored writes hold an
    error shows it; one that finished (a resumed step's) shows its result; every other task its
    interrupts. A subgraph task's `state` says where the subgraph's own checkpoints are."""
    from signoff.graph.state import task_statuses  # the graph package imports this module

    statuses = task_statuses(run.pending)
    ns = run.checkpoint_ns
    shown: list[dict[str, Any]] = []
    for t in tasks:
        state = (
            {
                "configurable": {
                    "thread_id": run.thread_id,
                    "checkpoint_ns": f"{ns}|{t.name}:{t.id}" if ns else f"{t.name}:{t.id}",
                }
            }
            if t.node.subgraphs
            else None
        )
        status = statuses.get(t.id)
        if status is not None and status.error is not None:
            shown.append({"id": t.id, "name": t.name, "error": status.error, "state": state})
            continue
        entry: dict[str, Any] = {"id": t.id, "name": t.name}
        result = status.result(run.graph.output_set) if status and status.finished else None
        if result:
            entry["result"] = result
        asked = status.interrupts if status is not None else ()
        entry["interrupts"] = tuple(
            {"value": i.value, "id": i.id, "response_schema": i.response_schema} for i in asked
        )
        entry["state"] = state
        shown.append(entry)
    return shown


def _shown_config(run: Run, config: Any, *, as_stored: bool = False) -> Any:
    """A checkpoint's config as checkpoint events show it, in LangGraph's shape: the namespace,
    the run's own `configurable` keys, the checkpoint id, and in a subgraph the checkpoint ids of
    the enclosing graphs (`checkpoint_map`). `as_stored`: the saver's config as it is (the parent
    of the checkpoint a run picks up from)."""
    if not isinstance(config, dict):
        return config
    configurable = config.get("configurable", {})
    if as_stored:
        shown = dict(configurable)
    else:
        shown = {"checkpoint_ns": configurable.get("checkpoint_ns", "")}
        for key, value in run.config.get("configurable", {}).items():
            shown.setdefault(key, value)
        shown["thread_id"] = configurable.get("thread_id", shown.get("thread_id"))
        shown["checkpoint_id"] = configurable.get("checkpoint_id")
    parents = run.metadata.get("parents") if isinstance(run.metadata, dict) else None
    if parents:
        shown["checkpoint_map"] = {**parents, shown["checkpoint_ns"]: shown["checkpoint_id"]}
    return {"configurable": shown}


def stream_modes(stream_mode: str | Sequence[str] | None) -> tuple[frozenset[str], str | None]:
    """The modes a `stream_mode` argument asks for, and the one mode when it names just one
    (chunks are then yielded bare, not as `(mode, chunk)`). `debug=True` adds no mode: it
    prints (see `RunAPI._printed`)."""
    if stream_mode is None:
        stream_mode = "updates"  # LangGraph's default for graphs and entrypoints
    if isinstance(stream_mode, str):
        modes = {stream_mode}
        single: str | None = stream_mode
    else:
        modes = set(stream_mode)
        single = None
    return frozenset(modes), single


def shape_chunk(chunk: Chunk, single: str | None, subgraphs: bool) -> Any:
    """A chunk as `stream()` yields it: bare, `(mode, chunk)`, or with its namespace first."""
    ns, mode, payload = chunk
    if single is not None:
        return (ns, payload) if subgraphs else payload
    return (ns, mode, payload) if subgraphs else (mode, payload)
