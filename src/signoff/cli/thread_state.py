"""Reading a thread's stored data, also when it holds instances of the user's own classes.

The serializer rebuilds a stored class (say the Pydantic model `signoff.human.ask(schema=Order)`
returns) only from a module this process has already imported. A thread remembers its TARGET, so
when a read fails only because such a module is not loaded, the thread's target is imported and the
read is tried again. If that does not help, the error names the module and why it is not loaded —
it never tells the user to restore a backup of a database that is fine.

Listings (`inbox`, `threads`, `expire`) read every thread: one thread whose rows cannot be decoded
is reported on its own and never hides the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from functools import partial
from typing import Any, TypeVar

from signoff.checkpoint.base import InterruptRecord
from signoff.cli.errors import CliError, describe
from signoff.cli.runner import TARGET_KEY, TARGET_ROOT_KEY
from signoff.cli.storage import is_storage_error, missing_class, not_loaded_message
from signoff.cli.target import TargetSpec, file_module_name, load_target, parse_target
from signoff.cli.values import as_utc

T = TypeVar("T")

Metadata = dict[str, Any]


def latest_metadata(saver: Any, thread_id: str) -> Metadata | None:
    """The metadata of the thread's latest checkpoint, read from the thread index without decoding
    its state (None: no such thread)."""
    for info in saver.list_threads():
        if info.thread_id == thread_id:
            return dict(info.metadata or {})
    return None


def thread_metadata(saver: Any, thread_id: str) -> Metadata | None:
    """The latest checkpoint's metadata; from the thread index when the state needs classes
    that are not loaded yet (None: no such thread)."""
    try:
        latest = saver.get_tuple({"configurable": {"thread_id": thread_id}})
    except Exception as exc:
        if missing_class(exc) is None:
            raise
        return latest_metadata(saver, thread_id)
    return None if latest is None else dict(latest.metadata or {})


def target_from(thread_id: str, metadata: Metadata | None, override: str | None) -> TargetSpec:
    """The target the thread ran (as its metadata stores it), or `override` (`--target`)."""
    if override:
        return parse_target(override)
    text = (metadata or {}).get(TARGET_KEY)
    if not isinstance(text, str) or not text:
        raise CliError(
            f"thread {thread_id} has no stored target (it was not started by signoff run); "
            f"answer it with signoff answer {thread_id or 'THREAD'} --target path/to/file.py:graph"
        )
    root = (metadata or {}).get(TARGET_ROOT_KEY)
    return replace(parse_target(text), root=root if isinstance(root, str) else None)


def stored_target(saver: Any, thread_id: str, override: str | None) -> TargetSpec:
    """The target the thread ran (from its latest checkpoint), or `override` (`--target`)."""
    if override:
        return parse_target(override)
    return target_from(thread_id, thread_metadata(saver, thread_id), None)


def decoded(
    saver: Any,
    thread_id: str,
    read: Callable[[], T],
    *,
    override: str | None = None,
    check: Callable[[Metadata], None] | None = None,
) -> T:
    """`read()` of the thread's stored data; if it names a class whose module is not imported,
    import the thread's target (or `override`) and read again.

    `check` sees the thread's metadata before its target is imported (e.g. to refuse a
    `--target` other than the stored one without running the other file).
    """
    try:
        return read()
    except Exception as exc:
        found = missing_class(exc)
        if found is None:
            raise
        first: BaseException = exc
    metadata = latest_metadata(saver, thread_id)
    if check is not None and metadata is not None:
        check(metadata)
    spec: TargetSpec | None = None
    try:
        spec = target_from(thread_id, metadata, override)
        load_target(spec, _stored_module_name(metadata, spec, found[1]))
    except CliError as failed:
        what = f"its target {spec.spec}" if spec is not None else "its target"
        reason = failed.format_message().split("; ")[0]  # without the generic how-to
        why = f"{what} could not be imported ({reason})"
        raise CliError(not_loaded_message(thread_id, found, why), cause=first) from first
    try:
        return read()
    except Exception as again:
        found = missing_class(again)
        if found is None:
            raise
        why = f"importing the thread's target {spec.spec} does not import it"
        raise CliError(not_loaded_message(thread_id, found, why), cause=again) from again


def _stored_module_name(metadata: Metadata | None, spec: TargetSpec, missing: str) -> str | None:
    """`missing` when it is the name the thread's own target file was imported under, and
    `spec` is a file at another path (the file moved): importing it under that name again
    rebuilds its stored classes."""
    try:
        stored = target_from("", metadata, None)
    except CliError:
        return None
    if not (stored.is_file and spec.is_file) or stored.location == spec.location:
        return None
    expected = file_module_name(stored.location)
    if missing == expected or missing.startswith("_signoff_target_"):
        return missing
    return None


def all_pending(saver: Any, **filters: Any) -> list[InterruptRecord]:
    """Every pending interrupt, fetched a page at a time."""
    page = 500
    records: list[InterruptRecord] = []
    cursor: str | None = None
    while True:
        batch = list(saver.pending_interrupts(limit=page, cursor=cursor, **filters))
        records.extend(batch)
        if len(batch) < page:
            return records
        cursor = batch[-1].interrupt_id


def pending_by_thread(saver: Any) -> tuple[list[InterruptRecord], dict[str, str]]:
    """(every pending interrupt, oldest first; thread id → why its interrupts cannot be read).

    The whole index is read at once; only when that fails is it read thread by thread (importing
    a thread's target when its interrupts hold its classes), so one bad thread hides no other.
    """
    try:
        return all_pending(saver), {}
    except Exception as exc:
        if not is_storage_error(exc):
            raise
    records: list[InterruptRecord] = []
    failures: dict[str, str] = {}
    for info in saver.list_threads("interrupted"):
        thread_id = info.thread_id
        try:
            records.extend(decoded(saver, thread_id, partial(_pending_of, saver, thread_id)))
        except CliError as exc:
            failures[thread_id] = exc.format_message()
        except Exception as exc:
            if not is_storage_error(exc):
                raise
            failures[thread_id] = describe(exc)
    records.sort(key=lambda r: (_sort_time(r), r.interrupt_id, r.thread_id))
    return records, failures


def _pending_of(saver: Any, thread_id: str) -> list[InterruptRecord]:
    return list(saver.pending_interrupts(thread_id=thread_id))


_EARLIEST = datetime.min.replace(tzinfo=timezone.utc)


def _sort_time(record: InterruptRecord) -> datetime:
    return as_utc(record.created_at) if record.created_at else _EARLIEST


def thread_targets(saver: Any) -> dict[str, str | None]:
    """thread id → the target its latest checkpoint names, from the thread index (one query,
    no thread's state decoded)."""
    targets: dict[str, str | None] = {}
    for info in saver.list_threads():
        found = (info.metadata or {}).get(TARGET_KEY)
        targets[info.thread_id] = found if isinstance(found, str) else None
    return targets
