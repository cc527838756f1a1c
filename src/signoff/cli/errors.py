"""How the command fails: one line on stderr and an exit code, never a traceback unless `--debug`.

Exit codes: 0 success or paused for a person, 1 the graph raised, 2 usage or input error,
130 interrupted with Ctrl-C.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import IO

import click

EXIT_OK = 0
EXIT_GRAPH_FAILED = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130


def debug_enabled() -> bool:
    """Whether `--debug` was given (anywhere on the command line) or `SIGNOFF_DEBUG` is set."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.find_root().meta.get("signoff.debug"):
        return True
    return "--debug" in sys.argv[1:] or os.environ.get("SIGNOFF_DEBUG", "") not in ("", "0")


class CliError(click.ClickException):
    """A failure the user can fix: bad input, unknown thread, a target that does not load."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause

    def show(self, file: IO[str] | None = None) -> None:
        stream = file or sys.stderr
        if self.cause is not None and debug_enabled():
            traceback.print_exception(
                type(self.cause), self.cause, self.cause.__traceback__, file=stream
            )
        click.echo(f"error: {one_line(self.format_message())}", file=stream)


class GraphFailed(CliError):
    """The user's graph raised while running; the thread keeps its last checkpoint."""

    exit_code = EXIT_GRAPH_FAILED


def one_line(text: str) -> str:
    """`text` with its line breaks and runs of spaces folded into single spaces."""
    return " ".join(text.split())


def describe(exc: BaseException) -> str:
    """`TypeName: message` on one line, for error messages that quote an exception."""
    text = one_line(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
