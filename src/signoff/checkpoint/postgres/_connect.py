"""One-line errors for a PostgreSQL server that cannot be reached."""

from __future__ import annotations

import re

_PASSWORD_IN_URL = re.compile(r"(://[^:/@]*:)[^@]*@")
_PASSWORD_KV = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)


def redact(conn_string: str) -> str:
    """The connection string with any password replaced by `***`."""
    return _PASSWORD_KV.sub(r"\1***", _PASSWORD_IN_URL.sub(r"\1***@", conn_string))


def connect_error(conn_string: str, exc: BaseException) -> ConnectionError:
    reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    return ConnectionError(
        f"cannot connect to PostgreSQL at {redact(conn_string)}: {reason.strip()}; "
        "check the URL and that the server is running and accepts connections"
    )
