"""The thread-state side of a compiled graph: read a thread (`get_state`, its history), write
to it (`update_state`), and the human layer over the saver (inbox, audit trail, deadlines)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, cast

from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.config import lift_config_keys
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.graph import state as state_api
from signoff.graph import updates
from signoff.types import Command, StateSnapshot, StateUpdate

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph
    from signoff.runtime.node import NodeSpec


class ThreadStateAPI:
    """Mixed into `CompiledStateGraph`: everything that works on a thread's stored checkpoints."""

    checkpointer: BaseCheckpointSaver | None
    nodes: dict[str, NodeSpec]
    name: str

    @property
    def inbox_name(self) -> str:
        """The name interrupt records and the inbox give this graph (its `name`)."""
        return self.name

    def _graph(self) -> CompiledStateGraph:
        return cast("CompiledStateGraph", self)

    # --- thread state ---

    def graph_for(self, config: RunnableConfig) -> Any:
        """The graph whose checkpoints live in the config's namespace: this one, or the subgraph
        a `node:task_id|...` namespace names (as `PregelTask.state` configs do)."""
        ns = config.get("configurable", {}).get("checkpoint_ns", "")
        graph: Any = self
        for part in ns.split("|") if ns else ():
            node = graph.nodes.get(part.split(":", 1)[0])
            if node is None or not node.subgraphs:
                raise ValueError(
                    f"checkpoint_ns {ns!r} names no subgraph of graph {self.name!r}; use the "
                    "config of a task's state from get_state()"
                )
            graph = node.subgraphs[0]
        return graph

    def _saver(self) -> BaseCheckpointSaver:
        if self.checkpointer is None:
            raise ValueError("No checkpointer set")
        return self.checkpointer

    def get_state(self, config: RunnableConfig, *, subgraphs: bool = False) -> StateSnapshot:
        """The thread's state at its latest checkpoint (or the one `checkpoint_id` names)."""
        _require_thread(config)
        live = "checkpoint_id" not in config.get("configurable", {})
        saver = self._saver()
        saved = saver.get_tuple(config)
        graph = self.graph_for(config)
        return state_api.snapshot(graph, saved, config, live=live, subgraphs=subgraphs, saver=saver)

    async def aget_state(self, config: RunnableConfig, *, subgraphs: bool = False) -> StateSnapshot:
        _require_thread(config)
        live = "checkpoint_id" not in config.get("configurable", {})
        saver = self._saver()
        saved = await saver.aget_tuple(config)
        graph = self.graph_for(config)
        if subgraphs:  # nested snapshots read through the sync API (every saver has both)
            return await asyncio.to_thread(
                state_api.snapshot, graph, saved, config, live=live, subgraphs=True, saver=saver
            )
        return state_api.snapshot(graph, saved, config, live=live)

    def get_state_history(
        self,
        config: RunnableConfig,
        *,
        filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> Iterator[StateSnapshot]:
        """The thread's checkpoints as snapshots, newest first."""
        config = lift_config_keys(config) or {}
        _require_thread(config, configurable=False)
        graph = self.graph_for(config)
        config = _history_config(config)
        for saved in self._saver().list(config, filter=filter, before=before, limit=limit):
            yield state_api.snapshot(graph, saved, saved.config)

    async def aget_state_history(
        self,
        config: RunnableConfig,
        *,
        filter: dict[str, Any] | None = None,
        before: RunnableConfig | None = None,
        limit: int | None = None,
    ) -> AsyncIterator[StateSnapshot]:
        config = lift_config_keys(config) or {}
        _require_thread(config, configurable=False)
        graph = self.graph_for(config)
        config = _history_config(config)
        async for saved in self._saver().alist(config, filter=filter, before=before, limit=limit):
            yield state_api.snapshot(graph, saved, saved.config)

    def update_state(
        self,
        config: RunnableConfig,
        values: dict[str, Any] | Any | None,
        as_node: str | None = None,
        task_id: str | None = None,
    ) -> RunnableConfig:
        """Write `values` as if node `as_node` had returned them (by default the node that
        wrote last); returns the new checkpoint's config. See `bulk_update_state`."""
        return self.bulk_update_state(config, [[StateUpdate(values, as_node, task_id)]])

    async def aupdate_state(
        self,
        config: RunnableConfig,
        values: dict[str, Any] | Any | None,
        as_node: str | None = None,
        task_id: str | None = None,
    ) -> RunnableConfig:
        return await self.abulk_update_state(config, [[StateUpdate(values, as_node, task_id)]])

    def bulk_update_state(
        self, config: RunnableConfig, supersteps: Sequence[Sequence[StateUpdate]]
    ) -> RunnableConfig:
        """Apply supersteps of updates, each a list of `StateUpdate(values, as_node, task_id)`
        stored as one checkpoint on top of the previous; returns the last one's config.

        Special `as_node` values, each alone in its superstep: END with values None finishes
        the pending tasks, "__input__" stores the values as the next run's input, "__copy__"
        copies the checkpoint (see `signoff.graph.updates`)."""
        saver = self._saver()
        updates.check_supersteps(supersteps)
        _require_thread(config)
        work = updates.bulk_update(self.graph_for(config), saver, config, supersteps)
        return updates.run_sync(saver, work)

    async def abulk_update_state(
        self, config: RunnableConfig, supersteps: Sequence[Sequence[StateUpdate]]
    ) -> RunnableConfig:
        saver = self._saver()
        updates.check_supersteps(supersteps)
        _require_thread(config)
        work = updates.bulk_update(self.graph_for(config), saver, config, supersteps)
        return await updates.run_async(saver, work)

    # --- the human layer: inbox, audit, deadlines ---

    def pending_interrupts(
        self,
        *,
        thread_id: str | None = None,
        node: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> list[Any]:
        """This graph's unanswered interrupts across all threads (or one), oldest first; page
        with `limit` and `cursor` (the last interrupt id of the previous page)."""
        return self._saver().pending_interrupts(
            thread_id=thread_id, graph=self.inbox_name, node=node, limit=limit, cursor=cursor
        )

    def answers(self, thread: str | RunnableConfig) -> list[Any]:
        """Every answer given on `thread` (who, when, what), oldest first."""
        thread_id = thread if isinstance(thread, str) else thread["configurable"]["thread_id"]
        return self._saver().answers(str(thread_id))

    def expire_due(self, now: datetime | None = None) -> list[str]:
        """Answer every overdue question of this graph that has a default with that default,
        recorded as answered by `deadline`; returns the threads resumed.

        A thread whose resumed run raises does not stop the others: once every overdue question
        was answered, the first such error is raised (naming the threads that failed).
        """
        now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)  # naive: local time
        resumed: list[str] = []
        failed: list[tuple[str, Exception]] = []
        for record in self._saver().pending_interrupts(graph=self.inbox_name):
            if record.deadline is None or not record.has_default or record.deadline > now:
                continue
            if record.node and record.node not in self.nodes:
                continue  # another graph of the same name on this saver asked it
            config = {
                "configurable": {"thread_id": record.thread_id},
                "metadata": {"answered_by": "deadline"},
            }
            try:
                self._graph().invoke(Command(resume={record.interrupt_id: record.default}), config)
            except InterruptAlreadyAnsweredError:
                continue
            except Exception as exc:  # the default is stored; the run after it failed
                failed.append((record.thread_id, exc))
                continue
            resumed.append(record.thread_id)
        if failed:
            first = failed[0][1]
            if hasattr(first, "add_note"):  # Python 3.11+
                threads = ", ".join(repr(t) for t, _ in failed)
                first.add_note(
                    f"expire_due: the runs of threads {threads} failed after their defaults"
                )
            raise first
        return resumed


def _require_thread(config: RunnableConfig, *, configurable: bool = True) -> None:
    """The KeyError LangGraph raises for a config without a thread (`configurable`: whether a
    config with no `configurable` at all names that key), with a note on what to pass."""
    missing = None
    if configurable and "configurable" not in config:
        missing = "configurable"
    elif config.get("configurable", {}).get("thread_id") is None:
        missing = "thread_id"
    if missing is None:
        return
    error = KeyError(missing)
    if hasattr(error, "add_note"):  # Python 3.11+
        error.add_note("pass the thread: {'configurable': {'thread_id': ...}}")
    raise error


def _history_config(config: RunnableConfig) -> RunnableConfig:
    configurable = dict(config.get("configurable", {}))
    configurable.setdefault("checkpoint_ns", "")
    return {**config, "configurable": configurable}
