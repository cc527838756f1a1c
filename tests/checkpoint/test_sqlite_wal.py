"""SqliteSaver copies its write-ahead log back into the database from a background thread (`_wal`):
the log is emptied, nothing committed is lost, and a checkpoint that cannot run hands the job back to
SQLite's automatic checkpoint."""

from __future__ import annotations

import os
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


def test_the_log_is_copied_back_and_emptied_off_the_committing_thread(
    saver: SqliteSaver, db: str
) -> None:
    assert _autocheckpoint(saver) == 0, "SQLite's own checkpoint in the committing thread is off"
    chain = Chain(saver, new_name())
    puts = _put_until_a_checkpoint_starts(saver, chain)
    assert os.path.getsize(db + "-wal") > AUTOCHECKPOINT_PAGES * 4096
    saver.close()
    assert os.path.getsize(db + "-wal") == 0, (
        "the checkpoint copied every frame and emptied the log"
    )
    latest = saver.get_tuple(config(chain.thread_id))
    assert latest is not None
    assert latest.checkpoint["channel_values"]["big"] == f"{puts}{BIG}"
    assert len(list(saver.list(config(chain.thread_id)))) == puts


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
