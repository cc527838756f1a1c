"""SqliteSaver copies its write-ahead log back into the database mostly from a background thread
(`_wal`): the log starts over and its file is trimmed, nothing committed is lost, and a checkpoint
that cannot run hands the job back to SQLite's automatic checkpoint."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.sqlite._wal import AUTOCHECKPOINT_PAGES, LOOK_EVERY, WalCheckpointer
from signoff.checkpoint.testing._support import Chain, config, new_name

BIG = "x" * 200_000
"""A value of about 50 pages: a few dozen puts fill the log past its limit."""


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "wal.db")


@pytest.fixture
def saver(db: str) -> Iterator[SqliteSaver]:
    with SqliteSaver.from_conn_string(db) as s:
        yield s


def _checkpointer(saver: SqliteSaver) -> WalCheckpointer:
    wal = saver._db.wal
    assert wal is not None, "a file database in WAL mode gets a background checkpointer"
    return wal


def _autocheckpoint(saver: SqliteSaver) -> int:
    return int(saver.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def _put_until_a_checkpoint_starts(saver: SqliteSaver, chain: Chain) -> int:
    wal = _checkpointer(saver)
    for n in range(1, 10 * LOOK_EVERY * 10):
        chain.put({"big": f"{n}{BIG}"})
        if wal._worker is not None:
            return n
    raise AssertionError("the log grew past its limit and no checkpoint started")


def test_the_log_is_copied_back_and_started_over(
    saver: SqliteSaver, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _autocheckpoint(saver) == 0, "SQLite's own checkpoint in the committing thread is off"
    limit = AUTOCHECKPOINT_PAGES * 4096
    copy = WalCheckpointer._checkpoint

    def copy_while_another_connection_commits(self: WalCheckpointer) -> None:
        copy(self)  # the bulk, copied in the background...
        with sqlite3.connect(db) as other:  # ... while a commit lands after what it copied
            other.execute("PRAGMA wal_autocheckpoint = 0")
            other.execute("CREATE TABLE IF NOT EXISTS elsewhere (x)")

    monkeypatch.setattr(WalCheckpointer, "_checkpoint", copy_while_another_connection_commits)
    chain = Chain(saver, new_name())
    puts = _put_until_a_checkpoint_starts(saver, chain)
    assert os.path.getsize(db + "-wal") > limit
    worker = _checkpointer(saver)._worker
    assert worker is not None
    worker.join()
    chain.put({"big": "after"})  # the committing thread copies the rest after this commit
    chain.put({"big": "last"})  # ... so this one starts the log over
    with sqlite3.connect(db) as other:
        other.execute("PRAGMA wal_autocheckpoint = 0")
        _, logged, _ = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert logged < 100, "the log holds only what was committed since it started over"
    assert os.path.getsize(db + "-wal") <= limit, "the file is trimmed back to the limit"
    latest = saver.get_tuple(config(chain.thread_id))
    assert latest is not None
    assert latest.checkpoint["channel_values"]["big"] == "last"
    assert len(list(saver.list(config(chain.thread_id)))) == puts + 2


def test_the_log_stays_near_its_limit_while_commits_keep_coming(
    saver: SqliteSaver, db: str
) -> None:
    """Commits arrive while the background copy runs, so the log is never wholly copied by it
    alone; the committing thread's own small copy after it lets the log start over."""
    limit = AUTOCHECKPOINT_PAGES * 4096
    chain = Chain(saver, new_name())
    largest = 0
    for n in range(600):
        chain.put({"big": f"{n}{BIG[:40_000]}"})
        largest = max(largest, os.path.getsize(db + "-wal"))
    assert largest < 4 * limit, f"the log grew to {largest} bytes"
    latest = saver.get_tuple(config(chain.thread_id))
    assert latest is not None
    assert latest.checkpoint["channel_values"]["big"].startswith("599x")


def test_a_checkpoint_that_cannot_run_hands_the_job_back_to_sqlite(
    saver: SqliteSaver, tmp_path: Path
) -> None:
    wal = _checkpointer(saver)
    wal._path = str(tmp_path / "no-such-directory" / "wal.db")  # the checkpoint cannot connect
    chain = Chain(saver, new_name())
    _put_until_a_checkpoint_starts(saver, chain)
    wal.close()
    for n in range(LOOK_EVERY):
        chain.put({"n": n})
    assert _autocheckpoint(saver) == AUTOCHECKPOINT_PAGES
    assert saver.get_tuple(config(chain.thread_id)) is not None


def test_an_in_memory_database_has_no_checkpointer() -> None:
    with SqliteSaver.from_conn_string(":memory:") as saver:
        Chain(saver, new_name()).put({"a": 1})
        assert saver._db.wal is None
