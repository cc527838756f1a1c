"""The run side of a compiled graph: `invoke`, `stream` and their async twins start a `Run` of
the one loop (`signoff.runtime.loop`), drive it sync or async, and shape what it yields.

Sync and async differ only in the driver (`runtime.sync.drive`, `runtime.aio.adrive`); the run
itself, and how a chunk reaches the caller, is built once here (`_run`, `_streaming`).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.config import lift_config_keys, merge_configs
from signoff.graph.batching import BatchAPI
from signoff.graph.events import EventsAPI
from signoff.runtime.context import current_task
from signoff.runtime.control import RunControl, current_control
from signoff.runtime.loop import Run
from signoff.runtime.parts import (
    V2Parts,
    check_version,
    graph_output,
    invoke_result,
    pause_enclosing,
)
from signoff.runtime.shaping import PRINTED, chunk_options, print_chunk, select_output
from signoff.runtime.stream import Chunk, shape_chunk, stream_modes
from signoff.runtime.tee import emitter_for

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph
    from signoff.runtime.callbacks import RunTrace

_THREAD_KEYS = "Checkpointer requires one or more of the following 'configurable' keys: thread_id, checkpoint_ns, checkpoint_id"


def _inherited(task_config: RunnableConfig) -> RunnableConfig:
    """What a graph run inside a task takes from the task's config: all but its stream handlers
    (each run adds its own). A task reporting to callbacks passes them on, so the graph's run
    nests under the node's run, as in LangGraph."""
    inherited = {k: v for k, v in task_config.items() if k != "callbacks"}
    callbacks = task_config.get("callbacks")
    if callbacks is not None and not isinstance(callbacks, list):  # a node run's child manager
        from signoff.runtime.callbacks import without_stream_handlers

        inherited["callbacks"] = without_stream_handlers(callbacks)
    return inherited


def _reports(callbacks: Any) -> bool:
    """Whether a run's config has callbacks to report the run to: not only a `messages`
    handler of an enclosing run (a node passing its own config to a graph it runs)."""
    if not callbacks:
        return False
    if not isinstance(callbacks, list):
        return True
    handler = getattr(sys.modules.get("signoff.runtime.messages"), "MessagesHandler", None)
    return handler is None or not all(isinstance(h, handler) for h in callbacks)


def _trace_of(run: Run) -> RunTrace | None:
    """The run's `RunTrace` when it reports to callbacks (it stands where its `messages`
    handler would, see `runtime/callbacks.py`)."""
    module = sys.modules.get("signoff.runtime.callbacks")
    if module is None or not isinstance(run.messages, module.RunTrace):
        return None
    return cast("RunTrace", run.messages)


class RunAPI(BatchAPI, EventsAPI):
    """Mixed into `CompiledStateGraph`: the entry points that run the graph (and, from the
    mixins, `batch`/`abatch`/`*_as_completed` and `astream_events`)."""

    checkpointer: BaseCheckpointSaver | None
    interrupt_before_nodes: Sequence[str] | str | None
    interrupt_after_nodes: Sequence[str] | str | None
    debug: bool
    output_set: frozenset[str]
    stream_set: frozenset[str]
    stream_keys: tuple[str, ...]
    output_keys: tuple[str, ...]
    bound_config: RunnableConfig

    def _graph(self) -> CompiledStateGraph:
        return cast("CompiledStateGraph", self)

    def _invoke_keys(self, given: str | Sequence[str] | None) -> str | Sequence[str] | None:
        """The keys `invoke(stream_mode=...)`'s chunks show: those given, else the output
        schema's when it is not the whole state (LangGraph's default for invoke)."""
        if given is not None or self.stream_keys == self.output_keys:
            return given
        return list(self.output_keys)

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
        aio: bool = False,
    ) -> Run:
        parent = current_task()
        base = self.bound_config
        if parent is not None:
            # A graph run inside a task starts from that task's config, as in LangGraph: the
            # caller's configurable keys, tags, metadata and recursion limit reach its nodes.
            base = merge_configs(_inherited(parent.config), base)
        config = lift_config_keys(merge_configs(base, config)) or {}
        configurable = config.get("configurable") or {}
        if parent is None and self.checkpointer is not None and not configurable.get("thread_id"):
            raise ValueError(_THREAD_KEYS)
        emitter = emitter_for(parent, modes, self.stream_set, subgraphs)
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
        if durability is not None and run.saver is None:
            warnings.warn(
                "`durability` has no effect when no checkpointer is present.", stacklevel=2
            )
        if _reports(config.get("callbacks")):
            from signoff.runtime.callbacks import trace

            trace(run, self._graph().get_name(), input, aio=aio)
        return run

    def _drive(self, run: Run) -> Iterator[Chunk]:
        """The sync driver's chunks of `run`, inside the graph's callback run if it has one."""
        from signoff.runtime.sync import drive

        chunks = drive(run)
        trace = _trace_of(run)
        return chunks if trace is None else trace.traced(chunks, run)

    def _adrive(self, run: Run) -> AsyncIterator[Chunk]:
        from signoff.runtime.aio import adrive

        chunks = adrive(run)
        trace = _trace_of(run)
        return chunks if trace is None else trace.atraced(chunks, run)

    def _printed(self, print_mode: str | Sequence[str], debug: bool | None) -> frozenset[str]:
        """The modes printed to stdout: `print_mode`'s, or with `debug` (the call's, else the
        graph's) updates and values, as LangGraph 1.2 prints them."""
        if debug or self.debug:
            return frozenset(("updates", "values"))
        return frozenset([print_mode] if isinstance(print_mode, str) else print_mode)

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
        output_keys: str | Sequence[str] | None = None,
        print_mode: str | Sequence[str] = (),
        aio: bool = False,
    ) -> tuple[Run, Callable[[Chunk], Any]]:
        """The run `stream`/`astream` drive, and how each of its chunks is shaped for the caller
        (`PRINTED` for a chunk only `print_mode` asked for)."""
        modes, single = stream_modes(stream_mode)
        printed = self._printed(print_mode, debug)
        run = self._run(
            input,
            config,
            modes | printed,
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            subgraphs=subgraphs,
            control=control,
            aio=aio,
        )
        shape: Callable[[Chunk], Any]
        if check_version(version):
            shape = V2Parts(self._graph())
        else:
            shape = lambda chunk: shape_chunk(chunk, single, subgraphs)  # noqa: E731
        return run, chunk_options(shape, modes, printed, output_keys)

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
        output_keys: str | Sequence[str] | None = None,
        print_mode: str | Sequence[str] = (),
        **kwargs: Any,
    ) -> Iterator[Any]:
        """Run the graph, yielding chunks for `stream_mode` (default `updates`)."""
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
            output_keys=output_keys,
            print_mode=print_mode,
        )
        for chunk in self._drive(run):
            shaped = shape(chunk)
            if shaped is not PRINTED:
                yield shaped
        pause_enclosing(run)

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
        output_keys: str | Sequence[str] | None = None,
        print_mode: str | Sequence[str] = (),
        **kwargs: Any,
    ) -> AsyncIterator[Any]:
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
            output_keys=output_keys,
            print_mode=print_mode,
            aio=True,
        )
        async for chunk in self._adrive(run):
            shaped = shape(chunk)
            if shaped is not PRINTED:
                yield shaped
        pause_enclosing(run)

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
        output_keys: str | Sequence[str] | None = None,
        print_mode: str | Sequence[str] = (),
        **kwargs: Any,
    ) -> Any:
        """Run the graph to its end or its next interrupt; return the state (with `__interrupt__`)."""
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
                    # as LangGraph: invoke's chunks show the output schema's keys
                    output_keys=self._invoke_keys(output_keys),
                    print_mode=print_mode,
                    debug=kwargs.get("debug"),
                )
            )
        printed = self._printed(print_mode, kwargs.get("debug"))
        run = self._run(
            input,
            config,
            printed,
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
        )
        for chunk in self._drive(run):
            print_chunk(chunk)
        return select_output(
            graph_output(self._graph(), run) if v2 else invoke_result(run), output_keys
        )

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
        output_keys: str | Sequence[str] | None = None,
        print_mode: str | Sequence[str] = (),
        **kwargs: Any,
    ) -> Any:
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
                output_keys=self._invoke_keys(output_keys),
                print_mode=print_mode,
                debug=kwargs.get("debug"),
            )
            return [c async for c in chunks]
        printed = self._printed(print_mode, kwargs.get("debug"))
        run = self._run(
            input,
            config,
            printed,
            context=context,
            interrupt_before=interrupt_before,
            interrupt_after=interrupt_after,
            durability=durability,
            control=control,
            aio=True,
        )
        async for chunk in self._adrive(run):
            print_chunk(chunk)
        return select_output(
            graph_output(self._graph(), run) if v2 else invoke_result(run), output_keys
        )
