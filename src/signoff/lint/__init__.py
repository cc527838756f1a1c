"""`signoff lint`: a static checker for the pitfalls of human-in-the-loop code.

Reads source with `ast` only; the code it checks is never imported or run. Rules:

- SO101 a pausing call inside a `try` whose broad `except` does not re-raise
- SO102 a pausing call whose position among the function's pauses depends on a condition
- SO103 an interrupt payload that is not JSON by construction (lambda, set, open file, ...)
- SO104 a non-idempotent side effect before a pausing call in the same function

Pausing calls are `interrupt()` from `langgraph.types` or `signoff.types` (any alias),
`signoff.human.ask/approve/review`, and module functions that call one of these.
"""

from signoff.lint.checker import Finding, LintError, iter_python_files, lint_file, lint_source
from signoff.lint.cli import main
from signoff.lint.rules import RULES

__all__ = [
    "RULES",
    "Finding",
    "LintError",
    "iter_python_files",
    "lint_file",
    "lint_source",
    "main",
]
