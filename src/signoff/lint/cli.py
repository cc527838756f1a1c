"""`signoff lint PATH...` / `python -m signoff.lint PATH...`.

Exit codes: 0 clean, 1 findings, 2 usage error or a file that cannot be linted (the other files
are still linted and their findings printed). Errors go to stderr as one line each.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from signoff.lint.checker import Finding, LintError, iter_python_files, lint_file
from signoff.lint.rules import RULES

PROG = "signoff lint"


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and does not exit the caller's process."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description="Check Python files for unsafe human-in-the-loop interrupt patterns.",
        epilog="Rules: " + "; ".join(f"{code} {text}" for code, text in RULES.items()),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (*.py)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--select", action="append", default=[], metavar="CODES")
    parser.add_argument("--ignore", action="append", default=[], metavar="CODES")
    return parser


def _codes(option: str, values: list[str]) -> set[str]:
    """Expand comma-separated codes or prefixes (`SO1`) to rule codes; unknown ones are errors."""
    chosen: set[str] = set()
    for value in values:
        for raw in filter(None, (part.strip().upper() for part in value.split(","))):
            matched = {code for code in RULES if code.startswith(raw)}
            if not matched:
                known = ", ".join(RULES)
                raise _UsageError(f"unknown rule code {raw!r} in {option}; known codes: {known}")
            chosen |= matched
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    """Run the linter with command-line `argv` (default `sys.argv[1:]`); return the exit code."""
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        select = _codes("--select", args.select) if args.select else set(RULES)
        select -= _codes("--ignore", args.ignore)
        missing = [p for p in args.paths if not os.path.exists(p)]
        if missing:
            raise _UsageError(
                f"path {missing[0]!r} does not exist; pass Python files or directories"
            )
    except _UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    findings, failed = _lint_all(args.paths, select)
    _print(findings, args.format)
    if failed:
        return 2
    return 1 if findings else 0


def _lint_all(paths: list[str], select: set[str]) -> tuple[list[Finding], bool]:
    findings: list[Finding] = []
    failed = False
    seen: set[str] = set()
    for root in paths:
        for path in iter_python_files(root):
            if path in seen:
                continue
            seen.add(path)
            try:
                findings.extend(lint_file(path, select=select))
            except LintError as exc:
                print(f"{PROG}: error: {exc}", file=sys.stderr)
                failed = True
    return findings, failed


def _print(findings: list[Finding], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([f.to_dict() for f in findings], indent=2))
        return
    for finding in findings:
        print(finding)
    if findings:
        noun = "problem" if len(findings) == 1 else "problems"
        print(f"Found {len(findings)} {noun}.", file=sys.stderr)
