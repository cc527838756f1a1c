"""Streaming a graph from inside a task of a run that streams its subgraphs.

A node may iterate a compiled graph's own `stream()`. When the enclosing run streams with
`subgraphs=True`, LangGraph hands each chunk of that inner graph to both streams: to the node
iterating it, for the modes it asked for, and (namespaced) to the enclosing stream, for the modes
that one asked for. Custom chunks (`get_stream_writer()`) are the exception: they go to the
innermost stream that asks for `custom`, and only there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from signoff.runtime.stream import Chunk, Emitter

if TYPE_CHECKING:
    from signoff.runtime.context import TaskContext

Deliver = Callable[[Chunk], None]


class TeeEmitter(Emitter):
    """The emitter of a graph streamed inside a task: chunks in `own_modes` go to its caller
    (`own`), chunks in `outer_modes` to the enclosing run's stream (`sink`)."""

    __slots__ = ("outer_modes", "own", "own_modes")

    def __init__(
        self,
        own_modes: frozenset[str],
        outer: Emitter,
        *,
        subgraphs: bool,
        own: Deliver | None = None,
    ) -> None:
        assert outer.sink is not None, "the enclosing run's part of a subgraph emitter"
        super().__init__(
            own_modes | outer.modes,
            outer.output_keys,
            outer.namespace,
            subgraphs=subgraphs,
            sink=outer.sink,
        )
        self.own_modes = own_modes
        self.outer_modes = outer.modes
        self.own: Deliver = own or self.deliver
        """The caller's queue: this emitter's, or that of the graph streamed around this one."""

    def put(self, mode: str, payload: object) -> None:
        chunk = (self.namespace, mode, payload)
        own = mode in self.own_modes
        if own:
            self.own(chunk)
        if mode in self.outer_modes and not (own and mode == "custom"):
            assert self.sink is not None
            self.sink(chunk)

    def child(self, checkpoint_ns: str, output_keys: frozenset[str]) -> Emitter | None:
        """A graph run inside one of this graph's tasks streams into the enclosing run; into
        this graph's caller too when it streams subgraphs, or for custom chunks it asks for."""
        outer = Emitter(
            self.outer_modes,
            output_keys,
            tuple(checkpoint_ns.split("|")),
            subgraphs=True,
            sink=self.sink,
        )
        own_modes = self.own_modes if self.subgraphs else self.own_modes & {"custom"}
        if not own_modes:
            return outer
        return TeeEmitter(own_modes, outer, subgraphs=self.subgraphs, own=self.own)


def emitter_for(
    parent: TaskContext | None,
    modes: frozenset[str],
    output_keys: frozenset[str],
    subgraphs: bool,
) -> Emitter:
    """The emitter of a run, which `parent`'s task started if not None: a graph run inside a task
    streams into the enclosing run when that one streams subgraphs, and to its own caller (for
    `modes`) under the task's namespace, as in LangGraph."""
    if parent is None:
        return Emitter(modes, output_keys, subgraphs=subgraphs)
    enclosing: Emitter | None = parent.emitter
    outer = None if enclosing is None else enclosing.child(parent.checkpoint_ns, output_keys)
    if outer is None:
        namespace = tuple(parent.checkpoint_ns.split("|"))
        return Emitter(modes, output_keys, namespace, subgraphs=subgraphs)
    if not modes:
        return outer
    return TeeEmitter(modes, outer, subgraphs=subgraphs)
