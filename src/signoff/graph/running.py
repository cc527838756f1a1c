"""The run side of a compiled graph: `invoke`, `stream` and their async twins start a `Run` of
the one loop (`signoff.runtime.loop`), drive it sync or async, and shape what it yields.

Sync and async differ only in the driver (`runtime.sync.drive`, `runtime.aio.adrive`); the run
itself, and how a chunk reaches the caller, is built once here (`_run`, `_streaming`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.runtime.context import current_task
from signoff.runtime.control import RunControl, current_control
from signoff.runtime.loop import Run
from signoff.runtime.parts import V2Parts, check_version, graph_output, invoke_result
from signoff.runtime.stream import Chunk, Emitter, shape_chunk, stream_modes

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph

_THREAD_KEYS = "Checkpointer requires one or more of the following 'configurable' keys: thread_id, checkpoint_ns, checkpoint_id"


class RunAPI:
    """Mixed into `CompiledStateGraph`: the entry points that run the graph."""

    checkpointer: BaseCheckpointSaver | None
    interrupt_before_nodes: Sequence[str] | str | None
    interrupt_after_nodes: Sequence[str] | str | None
    debug: bool
    output_set: frozenset[str]

    def _graph(self) -> CompiledStateGraph:
        return cast("CompiledStateGraph", self)

    def _run(
        self,
        input: Any,
        config: RunnableConfig | None,
        modes: frozenset[str],
        *,
        context: Any,
        interrupt_before: Sequence[str] | str | None,
        interrupt_after: Sequence[str] | str | None,
        durability: str | None,
        subgraphs: bool = False,
        control: RunControl | None = None,
    ) -> Run:
        config = dict(config or {})
        configurable = config.get("configurable") or {}
        parent = current_task()
        if parent is None and self.checkpointer is not None and not configurable.get("thread_id"):
            raise ValueError(_THREAD_KEYS)
        emitter = None
        if parent is not None and parent.emitter is not None:
            emitter = parent.emitter.child(parent.checkpoint_ns, self.output_set)
        if emitter is None:
            emitter = Emitter(modes, self.output_set, subgraphs=subgraphs)
        run = Run(
            self._graph(),
            input,
            config,
            emitter,
            interrupt_before=self.interrupt_before_nodes
            if interrupt_before is None
            else interrupt_before,
            interrupt_after=self.interrupt_after_nodes
            if interrupt_after is None
            else interrupt_after,
            # a graph run inside a task keeps the enclosing run's durability unless given its own
            durability=durability or (parent.durability if parent is not None else "async"),
            context=context,
            parent=parent,
        )
        run.control = control if control is not None or parent is None else current_control()
        return run

    def _streaming(
        self,
        input: Any,
        config: RunnableConfig | None,
        *,
        context: Any,
        stream_mode: str | Sequence[str] | None,
        interrupt_before: Sequence[str] | str | None,
        interrupt_after: Sequence[str] | str | None,
        durability: str | None,
        control: RunControl | None,
        subgraphs: bool,
        debug: bool | None,
        version: str,
    ) -> tuple[Run, Callable[[Chunk], Any]]:
        """The run `stream`/`astream` drive, and how each of its chunks is shaped for the caller."""
        modes, single = stream_modes(stream_mode, debug if debug is not None else self.debug)
        run = self._run(
            input,
            config,
            modes,
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            subgraphs=subgraphs,
            control=control,
        )
        if check_version(version):
            return run, V2Parts(self._graph())
        return run, lambda chunk: shape_chunk(chunk, single, subgraphs)

    def stream(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str | Sequence[str] | None = None,
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        subgraphs: bool = False,
        debug: bool | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> Iterator[Any]:
        """Run the graph, yielding chunks for `stream_mode` (default `values`)."""
        from signoff.runtime.sync import drive

        run, shape = self._streaming(
            input,
            config,
            context=context,
            stream_mode=stream_mode,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
            subgraphs=subgraphs,
            debug=debug,
            version=version,
        )
        for chunk in drive(run):
            yield shape(chunk)

    async def astream(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str | Sequence[str] | None = None,
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        subgraphs: bool = False,
        debug: bool | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> AsyncIterator[Any]:
        from signoff.runtime.aio import adrive

        run, shape = self._streaming(
            input,
            config,
            context=context,
            stream_mode=stream_mode,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
            subgraphs=subgraphs,
            debug=debug,
            version=version,
        )
        async for chunk in adrive(run):
            yield shape(chunk)

    def invoke(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str = "values",
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> Any:
        """Run the graph to its end or its next interrupt; return the state (with `__interrupt__`)."""
        from signoff.runtime.sync import drive

        v2 = check_version(version)
        if stream_mode != "values":
            return list(
                self.stream(
                    input,
                    config,
                    context=context,
                    stream_mode=stream_mode,
                    interrupt_before=interrupt_before,
                    interrupt_after=interrupt_after,
                    durability=durability,
                    control=control,
                    version=version,
                )
            )
        run = self._run(
            input,
            config,
            frozenset(),
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
        )
        for _ in drive(run):
            pass
        return graph_output(self._graph(), run) if v2 else invoke_result(run)

    async def ainvoke(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        context: Any = None,
        stream_mode: str = "values",
        interrupt_before: Sequence[str] | str | None = None,
        interrupt_after: Sequence[str] | str | None = None,
        durability: str | None = None,
        control: RunControl | None = None,
        version: str = "v1",
        **kwargs: Any,
    ) -> Any:
        from signoff.runtime.aio import adrive

        v2 = check_version(version)
        if stream_mode != "values":
            chunks = self.astream(
                input,
                config,
                context=context,
                stream_mode=stream_mode,
                interrupt_before=interrupt_before,
                interrupt_after=interrupt_after,
                durability=durability,
                control=control,
                version=version,
            )
            return [c async for c in chunks]
        run = self._run(
            input,
            config,
            frozenset(),
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
        )
        async for _ in adrive(run):
            pass
        return graph_output(self._graph(), run) if v2 else invoke_result(run)
