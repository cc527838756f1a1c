"""`version="v2"` output: typed stream parts and `GraphOutput`, in LangGraph 1.2's shapes.

Every part is a dict `{"type": mode, "ns": namespace, "data": payload}`, whatever the modes asked
and whether subgraphs stream; `values` parts carry the interrupts apart (`"interrupts"`), and
their state, like `invoke`'s v2 value, is built into the output schema when that is a dataclass
or Pydantic model (v1 gives dicts).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from signoff.constants import INTERRUPT
from signoff.errors import GraphInterrupt
from signoff.graph.schema import coerce_state
from signoff.types import GraphOutput

if TYPE_CHECKING:
    from signoff.graph.compiled import CompiledStateGraph
    from signoff.runtime.loop import Run
    from signoff.runtime.stream import Chunk


def check_version(version: str) -> bool:
    """Whether `version` asks for v2 output. Any other value means v1, as in LangGraph 1.2
    (which reads `version == "v2"` and nothing else), so code passing a future version runs."""
    return version == "v2"


class V2Parts:
    """Turns the chunks of one run into v2 stream parts."""

    __slots__ = ("entrypoint", "output", "state")

    def __init__(self, graph: CompiledStateGraph) -> None:
        builder = graph.builder
        self.entrypoint = builder is None
        # An @entrypoint has no builder: its values are the function's return values as they are.
        self.output: Callable[[dict[str, Any]], Any] | None = (
            None if builder is None else coerce_state(builder.output_schema)
        )
        self.state: Callable[[dict[str, Any]], Any] | None = (
            None if builder is None else coerce_state(builder.state_schema)
        )

    def __call__(self, chunk: Chunk) -> dict[str, Any]:
        ns, mode, payload = chunk
        if mode == "values":
            interrupts: tuple[Any, ...] = ()
            if isinstance(payload, dict):
                if INTERRUPT in payload:
                    if not self.entrypoint:  # an @entrypoint's dict is also its updates part:
                        payload = dict(payload)  # LangGraph empties that one in place
                    interrupts = tuple(payload.pop(INTERRUPT))
                if self.output is not None:
                    payload = self.output(payload)
            return {"type": mode, "ns": ns, "data": payload, "interrupts": interrupts}
        if mode in ("checkpoints", "debug") and self.state is not None:
            payload = _with_state(payload, self.state)
        return {"type": mode, "ns": ns, "data": payload}


def _with_state(payload: Any, build: Callable[[dict[str, Any]], Any]) -> Any:
    """A checkpoint payload (or a debug event wrapping one) with its `values` built into the
    state schema."""
    if not isinstance(payload, dict):
        return payload
    if payload.get("type") == "checkpoint" and isinstance(payload.get("payload"), dict):
        return {**payload, "payload": _built(payload["payload"], build)}
    return _built(payload, build)


def _built(checkpoint: dict[str, Any], build: Callable[[dict[str, Any]], Any]) -> Any:
    values = checkpoint.get("values")
    # the input checkpoint (next: __start__) stays a dict: its channels are not all set yet
    if not isinstance(values, dict) or "__start__" in checkpoint.get("next", ()):
        return checkpoint
    return {**checkpoint, "values": build(values)}


def graph_output(graph: CompiledStateGraph, run: Run) -> GraphOutput[Any]:
    """What `invoke(..., version="v2")` returns: the output value, and the interrupts apart."""
    if run.nested and run.interrupts:
        raise GraphInterrupt(tuple(run.interrupts))
    value = run.output if run.has_output else None
    if run.interrupts and not isinstance(value, dict):
        value = {}  # v1's output without its `__interrupt__` key, as LangGraph gives
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != INTERRUPT}
        build = None if graph.builder is None else coerce_state(graph.builder.output_schema)
        if build is not None:
            value = build(value)
    return GraphOutput(value=value, interrupts=tuple(run.interrupts))


def pause_enclosing(run: Run) -> None:
    """A graph run inside a task that paused pauses that task too, after its chunks (a node
    iterating the graph's `stream()` cannot go on as if it had finished)."""
    if run.nested and run.interrupts:
        raise GraphInterrupt(tuple(run.interrupts))


def invoke_result(run: Run) -> Any:
    """What `invoke` returns (v1): the output, with `__interrupt__` when the run paused."""
    if run.nested and run.interrupts:
        raise GraphInterrupt(tuple(run.interrupts))
    if not run.interrupts:
        return run.output if run.has_output else None
    out = dict(run.output) if isinstance(run.output, dict) else {}
    out[INTERRUPT] = list(run.interrupts)
    return out
