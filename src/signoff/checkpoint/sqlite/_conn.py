"""Opening a SQLite file for signoff, migrating its schema, and running transactions on it.

One `sqlite3.Connection` per saver, guarded by a lock, so threads of one process take turns;
processes sharing the file are kept apart by SQLite's own locking. Every write runs in
`BEGIN IMMEDIATE`, which takes the file's write lock up front: a check-then-update inside it (such as
"is this interrupt still pending?") cannot interleave with another process's. `busy_timeout` makes
a second writer wait for the lock instead of failing.

WAL journal with `synchronous=NORMAL`: a committed transaction survives the process being killed
(`kill -9`); only a power loss may roll back the last few commits.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from signoff.checkpoint.sqlite._schema import (
    CREATE_VERSION_TABLE,
    CURRENT_VERSION_SQL,
    LATEST_VERSION,
    STAMP_SQL,
    pending_migrations,
)
from signoff.checkpoint.sqlite._wal import WalCheckpointer
from signoff.errors import SchemaVersionError

BUSY_TIMEOUT_MS = 30_000


def open_connection(conn_string: str) -> sqlite3.Connection:
    """Open `conn_string` (a path, `":memory:"` or a `file:` URI) for use by a saver.

    Raises `OSError` naming the path when the file cannot be opened or is not a database.
    """
    try:
        conn = sqlite3.connect(
            conn_string,
            check_same_thread=False,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            uri=conn_string.startswith("file:"),
        )
    except sqlite3.Error as exc:
        raise OSError(
            f"cannot open SQLite database {conn_string!r}: {exc}; "
            "check that its directory exists and is writable"
        ) from None
    try:
        configure(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise OSError(
            f"cannot use {conn_string!r} as a signoff database: {exc}; "
            "give the path of a signoff database or of a new file"
        ) from None
    except BaseException:
        conn.close()
        raise
    return conn


def database_path(conn: sqlite3.Connection) -> str:
    """The file behind `conn` (`":memory:"` when there is none), for error messages."""
    for _, name, path in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(path) or ":memory:"
    return ":memory:"


def configure(conn: sqlite3.Connection) -> None:
    """WAL journal, a busy timeout, and NORMAL sync; must run outside a transaction.

    Raises `SchemaVersionError` for a database of a newer signoff before changing anything.
    """
    current_timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    if current_timeout < BUSY_TIMEOUT_MS:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _check_version(conn, _schema_version(conn))
    if database_path(conn) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")


def _schema_version(conn: sqlite3.Connection) -> int:
    try:
        row = conn.execute(CURRENT_VERSION_SQL).fetchone()
    except sqlite3.OperationalError:  # no version table yet
        return 0
    return int(row[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to `LATEST_VERSION`; a no-op (and no write lock) when it already is.

    Raises `SchemaVersionError` for a database written by a newer signoff, before writing anything.
    """
    if _check_version(conn, _schema_version(conn)) == LATEST_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(CREATE_VERSION_TABLE)
        current = _check_version(conn, _schema_version(conn))
        for version, statements in pending_migrations(current):
            for statement in statements:
                conn.execute(statement)
            conn.execute(STAMP_SQL, (version,))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _check_version(conn: sqlite3.Connection, version: int) -> int:
    if version > LATEST_VERSION:
        raise SchemaVersionError(
            f"SQLite database {database_path(conn)!r} has schema version {version}, newer than "
            f"this signoff supports ({LATEST_VERSION}); upgrade signoff to open it"
        )
    return version


class Database:
    """A connection, its lock, and the lazily run migrations: what a saver runs its SQL through."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.lock = threading.RLock()
        self.is_setup = False
        self.batching = False
        self.wal: WalCheckpointer | None = None

    def setup(self) -> None:
        """Configure the connection and migrate the schema; idempotent, safe across processes."""
        with self.lock:
            if self.is_setup:
                return
            if self.conn.in_transaction:
                self.conn.commit()
            configure(self.conn)
            migrate(self.conn)
            self._start_checkpointer()
            self.is_setup = True

    def _start_checkpointer(self) -> None:
        path = database_path(self.conn)
        mode = str(self.conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
        if self.wal is None and path != ":memory:" and mode == "wal":
            self.wal = WalCheckpointer(self.conn, path)
            weakref.finalize(self, self.wal.close)

    def close(self) -> None:
        """Let a background checkpoint finish (`_wal`); the connection itself stays open."""
        with self.lock:
            if self.wal is not None:
                self.wal.close()

    def fetch(self, sql: str, params: Sequence[Any]) -> list[Any]:
        """All rows of one SELECT. A single statement reads one consistent snapshot by itself
        (SQLite opens and ends a read transaction around it), so it needs no BEGIN/COMMIT."""
        with self.lock:
            if not self.is_setup:
                self.setup()
            return self.conn.execute(sql, params).fetchall()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several SELECTs (WAL readers never wait for writers)."""
        with self._transaction("BEGIN") as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """An exclusive write transaction: commits on success, rolls back on any exception."""
        try:
            with self._transaction("BEGIN IMMEDIATE") as conn:
                yield conn
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc):
                raise
            raise OSError(
                f"SQLite database {database_path(self.conn)!r} cannot be written ({exc}); give "
                "this process write access to the file and its directory"
            ) from exc

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One write transaction that every read and write made inside it, by this thread, joins:
        several saver calls, one commit. Other threads wait for the batch's end."""
        with self.write():
            self.batching = True
            try:
                yield
            finally:
                self.batching = False

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self.lock:
            if self.batching:  # this thread's batch (others wait on the lock until it ends)
                yield self.conn
                return
            if not self.is_setup:
                self.setup()
            self.conn.execute(begin)
            try:
                yield self.conn
            except BaseException:
                self.conn.rollback()
                raise
            self.conn.commit()
            if self.wal is not None and begin != "BEGIN":
                self.wal.committed()
