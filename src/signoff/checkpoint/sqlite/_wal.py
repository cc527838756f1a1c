"""Copying the write-ahead log back into the database file, mostly off the committing thread.

In WAL mode a commit appends pages to `<file>-wal`; a *checkpoint* copies them into the database
file and fsyncs both. SQLite's automatic checkpoint runs inside whichever commit crosses
`wal_autocheckpoint` pages, so every few dozen transactions one commit stalls for the copy of
thousands of pages and two fsyncs. The saver turns that off on its connection and, when the log
has grown past the same size, copies the bulk from a short-lived thread with a connection of its
own (a PASSIVE checkpoint: commits go on meanwhile). Then the committing thread, right after one
of its commits, copies the few pages committed since (a PASSIVE checkpoint of its own, a small
copy and sync): with the log wholly copied at a moment between its transactions, its next commit
starts the log over, and `journal_size_limit` trims the file back to the limit, so its size keeps
telling how much is waiting. (A background thread alone rarely sees that moment: it copies while
the next commits arrive, and a log never wholly copied is never started over.)

Nothing here decides what is durable: a commit is in the log before `commit()` returns, checkpoint
or not, and a killed checkpoint is redone by the next one. If a checkpoint fails (say the file went
read-only), the connection gets SQLite's automatic checkpoint back, so the log never grows without
bound.
"""

from __future__ import annotations

import os
import sqlite3
import threading

AUTOCHECKPOINT_PAGES = 1000
"""SQLite's default `wal_autocheckpoint`: the log size, in pages, that starts a checkpoint."""

LOOK_EVERY = 8
"""Commits between two looks at the log's size (a `stat`, about a microsecond)."""


class WalCheckpointer:
    """Starts background checkpoints of the database at `path`; see the module docstring.

    `committed()` is called after each of the saver's write transactions, under its lock.
    """

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self._path = path
        self._wal = path + "-wal"
        self._limit = AUTOCHECKPOINT_PAGES * int(conn.execute("PRAGMA page_size").fetchone()[0])
        self._commits = 0
        self._worker: threading.Thread | None = None
        self._own: tuple[int, sqlite3.Connection] | None = None
        """(process id, connection) the checkpoints use; a forked child opens its own."""
        self._copied = False
        """The background copy is done: the committing thread copies the rest."""
        self._failed = False
        self._handed_back = False
        conn.execute(f"PRAGMA journal_size_limit = {self._limit}")
        conn.execute("PRAGMA wal_autocheckpoint = 0")

    def committed(self) -> None:
        if self._copied:
            self._copied = False
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            return
        self._commits += 1
        if self._handed_back or self._commits % LOOK_EVERY:
            return
        if self._failed:
            self._hand_back()
            return
        if self._worker is not None and self._worker.is_alive():
            return
        try:
            size = os.stat(self._wal).st_size
        except OSError:
            return
        if size > self._limit:
            self._worker = threading.Thread(
                target=self._checkpoint, name="signoff-sqlite-checkpoint", daemon=True
            )
            self._worker.start()

    def close(self) -> None:
        """Wait for a running checkpoint, then close the checkpoint connection."""
        if self._worker is not None:
            self._worker.join()
        if self._own is not None and self._own[0] == os.getpid():
            self._own[1].close()
        self._own = None

    def _checkpoint(self) -> None:
        try:
            if self._own is None or self._own[0] != os.getpid():
                self._own = (os.getpid(), sqlite3.connect(self._path, check_same_thread=False))
            self._own[1].execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            self._copied = True
        except Exception:  # the committing thread takes the job back (`_hand_back`)
            self._failed = True

    def _hand_back(self) -> None:
        """A checkpoint failed: SQLite checkpoints in the committing thread again."""
        self._conn.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES}")
        self._handed_back = True
