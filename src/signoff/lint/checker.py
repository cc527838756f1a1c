"""Lint source text, files and directory trees; attach paths, columns and `# noqa` handling.

Columns are 1-based characters, as ruff prints them. `# noqa` on the first or last line of the
reported code silences every code there; `# noqa: SO101, SO104` only those codes.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import os
import re
import tokenize
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from signoff.lint.rules import check_module

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,?\s*[A-Z]+[0-9]+)*))?", re.I)
_SKIP_DIRS = frozenset({"__pycache__", "node_modules", "site-packages", "venv"})


class LintError(ValueError):
    """A file that cannot be linted (unreadable, not text, not valid Python); one-line message."""


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is (1-based line and column), its rule code, and what to do."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, str | int]:
        return asdict(self)


def lint_source(
    source: str, path: str = "<string>", *, select: Collection[str] | None = None
) -> list[Finding]:
    """Lint Python `source`; `select` limits the codes reported. Raises `LintError` on bad syntax."""
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        where = f"{path}:{exc.lineno or 0}:{exc.offset or 0}"
        raise LintError(f"{where}: syntax error: {exc.msg}; fix it so the file parses") from None
    except ValueError as exc:  # null bytes in the source
        raise LintError(f"{path}: cannot parse: {exc}") from None
    if "interrupt" not in source and "signoff" not in source:
        return []  # no way to pause without one of these words (an import or the call itself)
    reports = check_module(tree)
    if not reports:
        return []
    lines = re.split(r"\r\n|\r|\n", source)
    noqa = _noqa_comments(source)
    findings: set[Finding] = set()
    for report in reports:
        if select is not None and report.code not in select:
            continue
        first = getattr(report.node, "lineno", 1)
        last = getattr(report.node, "end_lineno", None) or first
        if _silenced(noqa, report.code, first) or _silenced(noqa, report.code, last):
            continue
        col = _char_column(lines, first, getattr(report.node, "col_offset", 0))
        findings.add(Finding(path, first, col, report.code, report.message))
    return sorted(findings)


def lint_file(
    path: str | os.PathLike[str], *, select: Collection[str] | None = None
) -> list[Finding]:
    """Lint one file; `LintError` if it cannot be read, decoded or parsed."""
    shown = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise LintError(f"{shown}: cannot read file: {reason}") from None
    try:
        source = importlib.util.decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        raise LintError(f"{shown}: cannot decode file: {exc}; save it as UTF-8") from None
    return lint_source(source, shown, select=select)


def iter_python_files(path: str) -> Iterator[str]:
    """`path` itself if it is a file, else every `*.py` under it (hidden and venv dirs skipped)."""
    if not os.path.isdir(path):
        yield path
        return
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def _noqa_comments(source: str) -> dict[int, frozenset[str] | None]:
    """Line → codes silenced there (None: all codes)."""
    found: dict[int, frozenset[str] | None] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type != tokenize.COMMENT:
                continue
            match = _NOQA.search(tok.string)
            if match is None:
                continue
            codes = match.group("codes")
            line = tok.start[0]
            found[line] = (
                None if codes is None else frozenset(re.findall(r"[A-Z]+[0-9]+", codes.upper()))
            )
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _silenced(noqa: dict[int, frozenset[str] | None], code: str, line: int) -> bool:
    if line not in noqa:
        return False
    codes = noqa[line]
    return codes is None or code in codes


def _char_column(lines: list[str], line: int, byte_offset: int) -> int:
    """1-based character column from the AST's 0-based UTF-8 byte offset."""
    if not 0 < line <= len(lines):
        return byte_offset + 1
    prefix = lines[line - 1].encode()[:byte_offset]
    return len(prefix.decode(errors="ignore")) + 1
