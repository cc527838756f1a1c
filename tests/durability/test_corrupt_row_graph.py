"""A corrupt or truncated row under a paused thread, met at the graph level in another process:
reading or resuming that thread fails with an error naming the thread and the checkpoint, and
writes nothing; every other thread of the store keeps working (a child process finishes them);
the inbox still lists what is pending. Once the row is repaired, the thread finishes as if nothing
had happened: no data was lost.

The saver-level decoding of each kind of damage is tested in tests/checkpoint; here the damage
goes through `get_state`, `invoke(Command(resume=...))` and the CLI-like driver of real processes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from durability_checks import assert_finished_as_reference, reference_run
from durability_procs import Child
from durability_workload import Graphs, config_of, finish_thread, open_saver

from signoff.errors import CorruptCheckpointError
from signoff.types import Command

BAD = "review-00"
THREADS = [BAD, "review-01", "flow-00"]

Damage = Callable[[bytes], bytes]
DAMAGES: dict[str, tuple[str, str, Damage]] = {
    # id: (table, column, what the bytes become); each row belongs to BAD's latest checkpoint
    "checkpoint-truncated": ("signoff_checkpoints", "checkpoint", lambda b: b[: len(b) // 3]),
    "value-garbage": ("signoff_blobs", "blob", lambda b: b"\xc1\xff\x00garbage"),
    "interrupt-write-truncated": ("signoff_writes", "blob", lambda b: b[:2]),
}
WHERE = {
    "signoff_checkpoints": "thread_id = ? AND checkpoint_ns = '' AND checkpoint_id = ?",
    "signoff_blobs": (
        "thread_id = ? AND channel = 'log' AND version = "
        "(SELECT max(version) FROM signoff_blobs WHERE thread_id = ? AND channel = 'log')"
    ),
    "signoff_writes": "thread_id = ? AND checkpoint_id = ? AND channel = '__interrupt__'",
}


class Raw:
    """Plain SQL on the store, past the saver: `?` placeholders on both databases."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind = kind
        self.conn: Any = (
            sqlite3.connect(url, isolation_level=None)
            if kind == "sqlite"
            else psycopg.connect(url, autocommit=True)
        )

    def run(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        if self.kind == "postgres":
            sql = sql.replace("?", "%s")
        cursor = self.conn.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description is not None else []

    def counts(self, thread: str) -> dict[str, int]:
        """How many rows of each table belong to `thread`: proof that nothing was written."""
        tables = ["signoff_checkpoints", "signoff_blobs", "signoff_writes", "signoff_answers"]
        return {
            t: self.run(f"SELECT count(*) FROM {t} WHERE thread_id = ?", (thread,))[0][0]
            for t in tables
        }

    def close(self) -> None:
        self.conn.close()


def survey(kind: str, url: str, log_dir: Path, threads: list[str]) -> dict[str, str | None]:
    """Have a child process try to finish every thread; thread → error text or None."""
    with Child(kind, url, str(log_dir), "survey", *threads) as child:
        lines = child.finish()
    reports = [json.loads(line.removeprefix("survey ")) for line in lines if line != "ready"]
    return {r["thread"]: r["error"] for r in reports}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_corrupt_row_fails_its_thread_by_name_and_spares_the_others(
    store: tuple[str, str], tmp_path: Path, damage: str
) -> None:
    kind, url = store
    ref = reference_run(THREADS, tmp_path / "reference-log")
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    with open_saver(kind, url) as saver:
        for thread in THREADS:
            finish_thread(Graphs(saver, log_dir), thread, stop_after=1)
        latest = saver.get_tuple(config_of(BAD))
        assert latest is not None
        checkpoint_id = latest.config["configurable"]["checkpoint_id"]

    table, column, spoil = DAMAGES[damage]
    raw = Raw(kind, url)
    try:
        where = WHERE[table]
        keys = (BAD, BAD) if table == "signoff_blobs" else (BAD, checkpoint_id)
        ((original,),) = raw.run(f"SELECT {column} FROM {table} WHERE {where}", keys)
        original = bytes(original)
        raw.run(f"UPDATE {table} SET {column} = ? WHERE {where}", (spoil(original), *keys))
        rows_before = raw.counts(BAD)

        outcome = survey(kind, url, log_dir, THREADS)
        error = outcome.pop(BAD)
        assert error is not None and error.startswith("CorruptCheckpointError")
        assert BAD in error and checkpoint_id in error, error
        assert outcome == {thread: None for thread in THREADS if thread != BAD}
        with open_saver(kind, url) as saver:
            names_both = rf"(?s)(?=.*{BAD})(?=.*{checkpoint_id})"
            with pytest.raises(CorruptCheckpointError, match=names_both):
                Graphs(saver, log_dir).review.invoke(Command(resume="yes"), config_of(BAD))
        assert raw.counts(BAD) == rows_before
        with open_saver(kind, url) as saver:
            assert [r.thread_id for r in saver.pending_interrupts()] == [BAD]
            assert {t.thread_id for t in saver.list_threads()} == set(THREADS)
            graphs = Graphs(saver, log_dir)
            for thread in THREADS[1:]:
                assert_finished_as_reference(graphs, thread, ref, log_dir)

        raw.run(f"UPDATE {table} SET {column} = ? WHERE {where}", (original, *keys))
    finally:
        raw.close()
    assert survey(kind, url, log_dir, [BAD]) == {BAD: None}
    with open_saver(kind, url) as saver:
        assert_finished_as_reference(Graphs(saver, log_dir), BAD, ref, log_dir)
