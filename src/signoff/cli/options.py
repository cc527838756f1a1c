"""Options every command shares (`--db`, `--json`, `--debug`) and the consoles they print to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console

from signoff.cli.storage import ENV_VAR

F = TypeVar("F", bound=Callable[..., Any])

_WIDTH_WHEN_PIPED = 120


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["signoff.debug"] = True
    return value


def debug_option(f: F) -> F:
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_set_debug,
        help="Show tracebacks of errors.",
    )(f)


def db_option(f: F) -> F:
    return click.option(
        "--db",
        "db",
        metavar="PATH|URL",
        help=f"SQLite file or postgresql:// URL (default: ${ENV_VAR} or ./.signoff/signoff.db).",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(f)


def consoles() -> tuple[Console, Console]:
    """(stdout, stderr) consoles; when piped they are wide enough not to cut ids."""
    out, err = Console(), Console(stderr=True)
    for console in (out, err):
        if not console.is_terminal:
            console.width = max(console.width, _WIDTH_WHEN_PIPED)
    return out, err
