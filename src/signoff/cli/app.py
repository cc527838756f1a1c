"""The `signoff` command group and its entry point.

`main()` runs the group in click's standalone mode (usage errors exit 2 with click's message) and
turns anything unexpected into one `error:` line with exit 1 — a traceback only with `--debug`.
"""

from __future__ import annotations

import sys
import traceback
from importlib import metadata

import click

from signoff.cli.answer_commands import answer, expire
from signoff.cli.errors import EXIT_GRAPH_FAILED, debug_enabled, describe
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
    Exit codes: 0 done or paused for an answer, 1 the graph raised, 2 bad usage or input.

    \b
    Example session:
      signoff run examples/email_approval.py:graph --no-input
      signoff inbox
      signoff answer <thread> --accept
      signoff show <thread>
    """


for command in (run, answer, inbox, show, history, threads, expire, graph_command, lint):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `signoff` script and of `python -m signoff`."""
    try:
        cli.main(args=argv, prog_name="signoff", standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:
        if debug_enabled():
            traceback.print_exc()
        click.echo(f"error: {describe(exc)} (rerun with --debug to see where)", file=sys.stderr)
        sys.exit(EXIT_GRAPH_FAILED)
