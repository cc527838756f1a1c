"""The saver conformance suite: what every checkpoint saver must do, as plain check functions.

Each check takes a saver (empty or shared: checks use thread ids and graph names of their own) and
raises `AssertionError` on a violation. A test suite runs them one test per check:

    @pytest.mark.parametrize("check", CHECKS.values(), ids=list(CHECKS))
    def test_conformance(saver, check):
        check(saver)

    @pytest.mark.parametrize("check", ASYNC_CHECKS.values(), ids=list(ASYNC_CHECKS))
    async def test_conformance_async(saver, check):
        await check(saver)

Every check also runs through a saver's async methods: `AsyncFace(saver, loop)` is a saver whose
sync methods await the wrapped saver's `a*` methods on a `LoopThread`. A script runs all of it with
`run_conformance(make_saver)`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.testing import (
    _answered,
    _async,
    _checkpoints,
    _interrupts,
    _isolation,
    _prune,
    _values,
)
from signoff.checkpoint.testing._async_face import AsyncFace, LoopThread

Check = Callable[[BaseCheckpointSaver], None]
AsyncCheck = Callable[[BaseCheckpointSaver], Awaitable[None]]

CHECKS: Mapping[str, Check] = {
    "put_and_get": _checkpoints.check_put_and_get,
    "missing": _checkpoints.check_missing,
    "cleared_channel": _checkpoints.check_cleared_channel,
    "fork": _checkpoints.check_fork,
    "list": _checkpoints.check_list,
    "metadata_filter": _checkpoints.check_metadata_filter,
    "namespaces": _checkpoints.check_namespaces,
    "pending_writes": _checkpoints.check_pending_writes,
    "delete_thread": _checkpoints.check_delete_thread,
    "next_version": _checkpoints.check_next_version,
    "put_step": _checkpoints.check_put_step,
    "put_batch": _checkpoints.check_put_batch,
    "values_round_trip": _values.check_values_round_trip,
    "interrupt_values_round_trip": _values.check_interrupt_values_round_trip,
    "interrupt_index": _interrupts.check_interrupt_index,
    "answer": _interrupts.check_answer,
    "answer_all_or_nothing": _interrupts.check_answer_is_all_or_nothing,
    "reraise_and_new_checkpoint": _interrupts.check_reraise_and_new_checkpoint,
    "batch_raises_then_moves_on": _interrupts.check_batch_raises_then_moves_on,
    "exactly_once": _interrupts.check_exactly_once,
    "pending_queries": _interrupts.check_pending_queries,
    "list_threads": _interrupts.check_list_threads,
    "delete_drops_interrupts": _interrupts.check_delete_drops_interrupts,
    "cursor_survives_answers": _interrupts.check_cursor_survives_answers,
    "index_without_write": _answered.check_index_without_write,
    "prune_keeps_the_newest": _prune.check_prune_keeps_the_newest,
    "prune_refuses_keep_last_below_one": _prune.check_prune_refuses_keep_last_below_one,
    "prune_keeps_pending_interrupts": _prune.check_prune_keeps_pending_interrupts,
    "prune_follows_parent_graph": _prune.check_prune_follows_parent_graph_checkpoints,
    "prune_keeps_listing_and_threads": _prune.check_prune_keeps_listing_and_threads,
    "changes_after_put_not_stored": _isolation.check_changes_after_put_are_not_stored,
    "changes_to_reads_not_stored": _isolation.check_changes_to_what_was_read_are_not_stored,
    "unstorable_write_stores_nothing": _isolation.check_a_write_that_cannot_be_stored_stores_nothing,
}
"""Every synchronous check, by name."""

ASYNC_CHECKS: Mapping[str, AsyncCheck] = {
    "async_same_results": _async.check_async_same_results,
    "async_exactly_once": _async.check_async_exactly_once,
}
"""Every check of the async methods, by name."""


def run_conformance(make_saver: Callable[[], AbstractContextManager[BaseCheckpointSaver]]) -> None:
    """Run every check, each on a saver from `make_saver()`: the sync checks on its sync methods,
    then again through its async methods (`AsyncFace`), then the async checks; raises on the
    first failure.

    Call it outside a running event loop. A saver whose sync methods need its own loop running
    (`AsyncPostgresSaver`) is tested with `LoopThread` and `AsyncFace` directly instead.
    """
    for name, check in CHECKS.items():
        with make_saver() as saver:
            _run(name, check, saver)
    with LoopThread() as loop:
        for name, check in CHECKS.items():
            with make_saver() as saver:
                _run(f"{name} (async)", check, AsyncFace(saver, loop))
    for name, acheck in ASYNC_CHECKS.items():
        with make_saver() as saver:
            _run(name, _blocking(acheck), saver)


def _blocking(check: AsyncCheck) -> Check:
    def run(saver: BaseCheckpointSaver) -> None:
        async def main() -> None:
            await check(saver)

        asyncio.run(main())

    return run


def _run(name: str, check: Check, saver: BaseCheckpointSaver) -> None:
    try:
        check(saver)
    except AssertionError as exc:
        raise AssertionError(f"conformance check {name!r} failed: {exc}") from exc


__all__ = [
    "ASYNC_CHECKS",
    "CHECKS",
    "AsyncCheck",
    "AsyncFace",
    "Check",
    "LoopThread",
    "run_conformance",
]
