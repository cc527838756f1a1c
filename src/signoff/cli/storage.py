"""Opening the saver a command works on: `--db PATH|postgresql://…`, `SIGNOFF_DB`, or the default.

The default is a SQLite file at `./.signoff/signoff.db`, created on first use by a command that runs
a graph. Commands that only read never create a database: a missing file is reported instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from signoff.cli.errors import CliError, describe
from signoff.errors import SchemaVersionError

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
        except Exception as exc:
            raise CliError(
                f"cannot open database {db.display}: {describe(exc)}", cause=exc
            ) from exc
        yield saver


def _enter_sqlite(stack: ExitStack, db: Database, create: bool) -> Any:
    path = Path(db.location).expanduser()
    if path.is_dir():
        raise CliError(f"database path '{db.location}' is a directory; pass a file path to --db")
    if not create and not path.is_file():
        raise CliError(
            f"no signoff database at '{db.location}'; run a graph first (signoff run) "
            f"or pass --db / set {ENV_VAR}"
        )
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CliError(
                f"cannot create directory '{path.parent}' for the database: {exc.strerror}"
            ) from None
    from signoff.checkpoint.sqlite import SqliteSaver

    return stack.enter_context(SqliteSaver.from_conn_string(str(path)))


def _enter_postgres(stack: ExitStack, db: Database) -> Any:
    try:
        from signoff.checkpoint.postgres import PostgresSaver
    except ImportError as exc:
        raise CliError(
            f"PostgreSQL support is not installed ({describe(exc)}); "
            "pip install 'signoff[postgres]'"
        ) from None
    saver = stack.enter_context(PostgresSaver.from_conn_string(db.location))
    saver.setup()
    return saver


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return f"{scheme}{sep}{userinfo.split(':', 1)[0]}:***@{host}"
