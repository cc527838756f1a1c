"""The `signoff` command group and its entry point.

`main()` runs the group outside click's standalone mode so that every failure ends the same way:
one `error:` line on stderr and an exit code (2 for usage and input errors, 1 when the graph
raised, 130 on Ctrl-C) — a traceback only with `--debug`.
"""

from __future__ import annotations

import os
import sys
import traceback
from importlib import metadata
from typing import NoReturn

import click

from signoff.cli.answer_commands import answer, expire
from signoff.cli.errors import (
    EXIT_GRAPH_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    debug_enabled,
    describe,
    one_line,
)
from signoff.cli.options import debug_option
from signoff.cli.read_commands import graph_command, history, inbox, lint, show, threads
from signoff.cli.run_commands import run


def _version() -> str:
    try:
        return metadata.version("signoff")
    except metadata.PackageNotFoundError:
        return "unknown"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(_version(), "--version", prog_name="signoff", message="%(prog)s %(version)s")
@debug_option
def cli() -> None:
    """Run graphs that stop to ask a person, and answer them later from any shell.

    Threads are stored in ./.signoff/signoff.db unless --db or $SIGNOFF_DB says otherwise.

    \b
    Exit codes:
      0    done, or paused waiting for an answer
      1    the graph raised
      2    bad usage or input (one line on stderr; --debug shows the traceback)
      130  interrupted with Ctrl-C

    \b
    Example session:
      signoff run examples/email_approval.py:graph --no-input \\
          --input '{"to": "alice@example.com", "topic": "meeting"}'
      signoff inbox
      signoff answer <thread> --accept
      signoff show <thread>
    """


for command in (run, answer, inbox, show, history, threads, expire, graph_command, lint):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> NoReturn:
    """Entry point of the `signoff` script and of `python -m signoff`."""
    try:
        code = cli.main(args=argv, prog_name="signoff", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(EXIT_INPUT)
    except click.UsageError as exc:
        _usage_error(exc)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(
            "error: interrupted; the thread keeps what it had saved before Ctrl-C", file=sys.stderr
        )
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(EXIT_GRAPH_FAILED)
    except SystemExit:
        raise
    except Exception as exc:
        if debug_enabled():
            traceback.print_exc()
        click.echo(f"error: {describe(exc)} (rerun with --debug to see where)", file=sys.stderr)
        sys.exit(EXIT_GRAPH_FAILED)
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc: click.UsageError) -> NoReturn:
    """Click's three-line usage message as one line that says where to read more."""
    ctx = exc.ctx
    where = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
    message = one_line(exc.format_message()).rstrip(".")
    click.echo(f"error: {message}{where}", file=sys.stderr)
    sys.exit(EXIT_INPUT)


def _quiet_stdout() -> None:
    """After `signoff inbox --json | head -1` the reader is gone: stop writing to the pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
