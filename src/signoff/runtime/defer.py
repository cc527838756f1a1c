"""Deferred nodes (`add_node(..., defer=True)`): run once nothing else is left to run.

A deferred node's trigger channels (`LastValueAfterFinish`, or a barrier waiting for the end)
take writes like any trigger but become readable only when `finish()`ed. A step that ends with no
other node triggered finishes them, so the deferred node runs in the next step — the map-reduce
finalizer that must wait for every branch however long each is. As in LangGraph, this happens as
the step is applied, so the step's checkpoint already names the deferred node as next.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from signoff.channels import BaseChannel
from signoff.checkpoint.base import Checkpoint
from signoff.runtime.apply import NextVersion, finish_channels


def finish_deferred(
    checkpoint: Checkpoint,
    channels: Mapping[str, BaseChannel],
    changed: Set[str],
    trigger_index: Mapping[str, tuple[str, ...]],
    next_version: NextVersion,
) -> set[str]:
    """Finish the deferred triggers if the step just applied (`changed`) triggers no node;
    returns the channels that became readable."""
    for name in changed:
        if name in trigger_index and channels[name].is_available():
            return set()
    return finish_channels(checkpoint, channels, next_version)
