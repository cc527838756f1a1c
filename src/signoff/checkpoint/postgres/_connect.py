"""One-line errors for a PostgreSQL server that cannot be reached."""

from __future__ import annotations

import re

_PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)[^@]*@")
_PASSWORD_KV = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def redact(conn_string: str) -> str:
    """The connection string with any password replaced by `***`."""
    return _PASSWORD_KV.sub(r"\1***", _PASSWORD_IN_URL.sub(r"\1***@", conn_string))


def connect_error(conn_string: str, exc: BaseException) -> ConnectionError:
    """One line naming the (redacted) URL, psycopg's reason and what to check."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    reason = "; ".join(lines) if lines else type(exc).__name__
    if reason.startswith("connection failed: "):
        reason = reason.removeprefix("connection failed: ")
    return ConnectionError(
        f"cannot connect to PostgreSQL at {redact(conn_string)}: {reason}; "
        "check the URL (postgresql://user@host:port/dbname) and that the server is running and "
        "accepts connections"
    )
