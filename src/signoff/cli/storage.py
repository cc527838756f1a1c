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
import re
import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from signoff.cli.errors import CliError, describe
from signoff.errors import ClassNotLoadedError, CorruptCheckpointError, SchemaVersionError

DEFAULT_DB = os.path.join(".signoff", "signoff.db")
ENV_VAR = "SIGNOFF_DB"


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_POSTGRES_SCHEMES = ("postgresql", "postgres")
ACCEPTED_FORMS = "a SQLite file path or a postgresql://user@host/dbname URL"


@dataclass(frozen=True)
class Database:
    """Which database a command uses, and how the user named it (to repeat it in hints)."""

    location: str
    explicit: bool
    """Given as `--db`, not from the environment or the default."""
    from_env: bool = False
    """Named by `$SIGNOFF_DB`."""

    @property
    def is_postgres(self) -> bool:
        return self.location.startswith(("postgresql://", "postgres://"))

    @property
    def display(self) -> str:
        return _redact(self.location) if self.is_postgres else f"'{self.location}'"

    @property
    def needs_hint(self) -> bool:
        """Whether a command printed for later must name this database with `--db`: always, unless
        `$SIGNOFF_DB` names it in a way that finds it from any directory (a URL or an absolute
        path). The default `./.signoff/signoff.db` is relative, so it is named too."""
        if self.from_env and not self.explicit:
            return not (self.is_postgres or Path(self.location).expanduser().is_absolute())
        return True

    @property
    def for_hints(self) -> str:
        """How to name this database in a command printed for later: a relative SQLite path made
        absolute, so the command works from any directory; a URL without its password."""
        if self.is_postgres:
            return _redact(self.location)
        return str(Path(self.location).expanduser().resolve())

    def exists(self) -> bool:
        return self.is_postgres or Path(self.location).expanduser().exists()


def choose_database(option: str | None) -> Database:
    """The database `--db`, `$SIGNOFF_DB` or the default names; an unknown URL scheme is a usage
    error (it would otherwise become a SQLite file named like the URL)."""
    if option:
        return _checked(Database(option, explicit=True), "--db")
    env = os.environ.get(ENV_VAR)
    if env:
        return _checked(Database(env, explicit=False, from_env=True), f"${ENV_VAR}")
    return Database(DEFAULT_DB, explicit=False)


def _checked(db: Database, where: str) -> Database:
    scheme = _SCHEME.match(db.location)
    if scheme and scheme.group(1).lower() not in _POSTGRES_SCHEMES:
        raise CliError(
            f"{where} '{_redact(db.location)}' is not a database signoff can use "
            f"(unknown scheme '{scheme.group(1)}://'); pass {ACCEPTED_FORMS}"
        )
    return db


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


def missing_class(exc: BaseException) -> tuple[str, str] | None:
    """(class, module) when `exc` says stored data names a class whose module is not imported:
    the data is fine, only the code that defines it is not loaded (not a damaged database)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ClassNotLoadedError):
            return f"{current.module}.{current.qualname}", current.module
        current = current.__cause__ or current.__context__
    return None


def not_loaded_message(
    thread_id: str | None, found: tuple[str, str], why: str | None = None
) -> str:
    """One line for stored data whose class is defined in a module this process has not loaded:
    which class and module, why it is not loaded, and that the database is fine."""
    cls, module = found
    whose = f"thread {thread_id}" if thread_id else "a thread"
    reason = why or "the thread's target could not be imported, or does not import it"
    moved = f"signoff answer {thread_id or 'THREAD'} --target NEW/PATH.py:attr"
    return (
        f"{whose} holds a stored {cls}, but module '{module}' is not loaded: {reason}; "
        f"the database is not damaged (if the graph file moved, answer with {moved})"
    )


def storage_failure(db: Database, exc: BaseException) -> CliError:
    """The one-line error for a database that failed mid-command (the command stops there)."""
    found = missing_class(exc)
    if found is not None:
        return CliError(not_loaded_message(None, found), cause=exc)
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


_PASSWORD_PARAM = re.compile(r"(?i)([?&]password=)[^&]*")


def _redact(url: str) -> str:
    """The URL without its password (in the user part or a `password=` parameter), for messages
    and printed commands."""
    url = _PASSWORD_PARAM.sub(r"\1***", url)
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}"
