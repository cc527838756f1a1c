"""Two run options of LangGraph's `invoke`/`stream` that only change what the caller sees:
`output_keys` (which state keys `values`/`updates` chunks and the result show) and `print_mode`
(modes printed to stdout as they happen, whether or not they are also streamed)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from signoff.constants import INTERRUPT
from signoff.runtime.stream import Chunk
from signoff.types import GraphOutput

PRINTED = object()
"""What a chunk shaper returns for a chunk only `print_mode` asked for: nothing to yield."""

Keys = str | Sequence[str] | None


def select(value: Any, keys: Keys) -> Any:
    """A state as `output_keys` shows it: one key → its value; several → those keys (and the
    interrupts of a paused run, which are not state)."""
    if keys is None or not isinstance(value, dict):
        return value
    if isinstance(keys, str):
        return value.get(keys)
    return {k: v for k, v in value.items() if k in keys or k == INTERRUPT}


def select_output(result: Any, keys: Keys) -> Any:
    """`invoke`'s result under `output_keys` (v1: the state dict; v2: its `GraphOutput.value`)."""
    if keys is None:
        return result
    if isinstance(result, GraphOutput):
        return GraphOutput(value=select(result.value, keys), interrupts=result.interrupts)
    return select(result, keys)


def _selected_chunk(chunk: Chunk, keys: Keys) -> Chunk:
    ns, mode, payload = chunk
    if mode == "values":
        return ns, mode, select(payload, keys)
    if mode == "updates" and isinstance(payload, dict):
        shown = {
            node: update if node.startswith("__") else (select(update, keys) or None)
            for node, update in payload.items()
        }
        return ns, mode, shown
    return chunk


def print_chunk(chunk: Chunk) -> None:
    """Print a chunk as LangGraph's `print_mode` does: the mode in bold, then the payload."""
    ns, mode, payload = chunk
    where = f"{'|'.join(ns)}|" if ns else ""
    print(f"\x1b[1m[{where}{mode}]\x1b[0m {payload}")


def chunk_options(
    shape: Callable[[Chunk], Any],
    streamed: Collection[str],
    printed: Collection[str],
    keys: Keys,
) -> Callable[[Chunk], Any]:
    """`shape` with `output_keys` applied first, printing `print_mode` chunks as they pass, and
    `PRINTED` for those the caller did not ask to stream."""
    if keys is None and not printed:
        return shape

    def shaped(chunk: Chunk) -> Any:
        if keys is not None:
            chunk = _selected_chunk(chunk, keys)
        if chunk[1] in printed:
            print_chunk(chunk)
            if chunk[1] not in streamed:
                return PRINTED
        return shape(chunk)

    return shaped
