"""Opening the saver a command works on: `--db PATH|postgresql://…`, `SIGNOFF_DB`, or the default.

The default is a SQLite file at `./.signoff/signoff.db`, created on first use by a command that runs
a graph. Commands that only read never create a database: a missing file is reported instead.

A file that is not signoff's (another program's SQLite database, a corrupt file, not SQLite at all)
is refused before the saver opens it, because opening it would already change it (WAL mode, tables).
Storage errors while a command works (a corrupt page, a dropped PostgreSQL connection) end as one
line that names the database, exit 2.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from signoff.cli.errors import CliError, describe
from signoff.errors import CorruptCheckpointError, SchemaVersionError

DEFAULT_DB = os.path.join(".signoff", "signoff.db")
ENV_VAR = "SIGNOFF_DB"


@dataclass(frozen=True)
class Database:
    """Which database a command uses, and how the user named it (to repeat it in hints)."""

    location: str
    explicit: bool
    """Given as `--db` (so hints must repeat it), not from the environment or the default."""

    @property
    def is_postgres(self) -> bool:
        return self.location.startswith(("postgresql://", "postgres://"))

    @property
    def display(self) -> str:
        return _redact(self.location) if self.is_postgres else f"'{self.location}'"

    @property
    def for_hints(self) -> str:
        """How to name this database in a command printed for later: a relative SQLite path made
        absolute, so the command works from any directory."""
        if self.is_postgres:
            return self.location
        return str(Path(self.location).expanduser().resolve())

    def exists(self) -> bool:
        return self.is_postgres or Path(self.location).expanduser().exists()


def choose_database(option: str | None) -> Database:
    if option:
        return Database(option, explicit=True)
    env = os.environ.get(ENV_VAR)
    if env:
        return Database(env, explicit=False)
    return Database(DEFAULT_DB, explicit=False)


@contextmanager
def open_saver(db: Database, *, create: bool) -> Iterator[Any]:
    """The saver for `db`, closed on exit. With `create=False` a missing SQLite file is an error."""
    with ExitStack() as stack:
        try:
            saver = (
                _enter_postgres(stack, db) if db.is_postgres else _enter_sqlite(stack, db, create)
            )
        except CliError:
            raise
        except SchemaVersionError as exc:
            raise CliError(f"database {db.display}: {exc}") from None
        except OSError as exc:  # the savers' own connect errors already name the database
            raise CliError(str(exc) or describe(exc), cause=exc) from exc
        except Exception as exc:
            raise CliError(
                f"cannot open database {db.display}: {describe(exc)}", cause=exc
            ) from exc
        try:
            yield saver
        except CliError:
            raise
        except Exception as exc:
            if not is_storage_error(exc):
                raise
            raise storage_failure(db, exc) from exc


def is_storage_error(exc: BaseException) -> bool:
    """Whether `exc` comes from the database itself rather than from the user's graph."""
    if isinstance(exc, (sqlite3.DatabaseError, CorruptCheckpointError)):
        return True
    return type(exc).__module__.split(".")[0] in ("psycopg", "psycopg_pool")


def storage_failure(db: Database, exc: BaseException) -> CliError:
    """The one-line error for a database that failed mid-command (the command stops there)."""
    todo = (
        "check that the server is up and reachable, then run the command again"
        if db.is_postgres
        else "restore the file from a backup if it is damaged, or pass --db with another file"
    )
    return CliError(f"database {db.display} failed ({describe(exc)}); {todo}", cause=exc)


def _enter_sqlite(stack: ExitStack, db: Database, create: bool) -> Any:
    path = Path(db.location).expanduser()
    if path.is_dir():
        raise CliError(f"database path '{db.location}' is a directory; pass a file path to --db")
    if not create and not path.is_file():
        raise CliError(
            f"no signoff database at '{db.location}'; run a graph first (signoff run) "
            f"or pass --db / set {ENV_VAR}"
        )
    _refuse_foreign_file(path, db)
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(
                f"cannot create directory '{path.parent}' for the database: {exc.strerror}"
            ) from None
    from signoff.checkpoint.sqlite import SqliteSaver

    return stack.enter_context(SqliteSaver.from_conn_string(str(path)))


def _refuse_foreign_file(path: Path, db: Database) -> None:
    """Refuse a file that is not a signoff database, without writing to it (opened read-only).

    A file whose schema the saver would migrate on open is integrity-checked first, so a corrupt
    file is refused before the migration writes to it.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return
    from signoff.checkpoint.sqlite._schema import LATEST_VERSION, VERSION_TABLE

    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = [
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            if VERSION_TABLE in tables and _schema_version(conn, VERSION_TABLE) < LATEST_VERSION:
                problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
                if problems != ["ok"]:
                    raise sqlite3.DatabaseError(f"integrity check: {problems[0]}")
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return  # cannot even open it read-only: the saver's own open reports why
    except sqlite3.DatabaseError as exc:
        raise CliError(
            f"'{db.location}' is not a usable SQLite database ({exc}); signoff left it as it was: "
            "restore it from a backup, or pass --db with another file"
        ) from None
    if tables and VERSION_TABLE not in tables:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise CliError(
            f"'{db.location}' is another program's SQLite database (tables: {shown}); "
            "signoff left it as it was: pass --db with a new or signoff file"
        )


def _schema_version(conn: sqlite3.Connection, table: str) -> int:
    row = conn.execute(f"SELECT coalesce(max(version), 0) FROM {table}").fetchone()
    return int(row[0])


def _enter_postgres(stack: ExitStack, db: Database) -> Any:
    try:
        from signoff.checkpoint.postgres import PostgresSaver
    except ImportError as exc:
        raise CliError(
            f"PostgreSQL support is not installed ({describe(exc)}); "
            "pip install 'signoff[postgres]'"
        ) from None
    saver = stack.enter_context(PostgresSaver.from_conn_string(with_connect_timeout(db.location)))
    saver.setup()
    return saver


CONNECT_TIMEOUT_S = 10


def with_connect_timeout(url: str) -> str:
    """`url` with `connect_timeout` set unless it names one: an unreachable server fails the
    command after a few seconds instead of hanging it."""
    if "connect_timeout=" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}connect_timeout={CONNECT_TIMEOUT_S}"


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}"
