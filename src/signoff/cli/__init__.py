"""The `signoff` command: run a graph, see what waits for a person, answer it, inspect threads.

`app.main` is the entry point; the commands live in `run_commands` (they run graphs) and
`read_commands` (they only read the database).
"""

from signoff.cli.app import cli, main

__all__ = ["cli", "main"]
