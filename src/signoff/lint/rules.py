"""The rules `signoff lint` checks, and the one place that runs them over a module.

Each rule lives in its own module (`swallow`, `ordering`, `payload`, `effects`) and yields
`Report`s: a node, a code and a message. This module only knows which scopes each rule looks at.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from signoff.lint.context import ModuleContext, Report
from signoff.lint.effects import check_side_effects
from signoff.lint.ordering import check_order
from signoff.lint.payload import check_payloads
from signoff.lint.swallow import check_swallow

RULES: dict[str, str] = {
    "SO101": "interrupt() inside a try whose broad except does not re-raise",
    "SO102": "interrupt() whose position among the node's interrupts depends on a condition",
    "SO103": "interrupt payload that is not JSON by construction",
    "SO104": "non-idempotent side effect before interrupt() in the same function",
}


def check_module(tree: ast.Module) -> list[Report]:
    """Run every rule over `tree`, in source order of the reported nodes."""
    ctx = ModuleContext.build(tree)
    if not ctx.pauses:
        return []
    reports = list(check_swallow(ctx))
    for scope in _scopes(tree):
        reports.extend(check_payloads(ctx, scope))
        if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
            reports.extend(check_order(ctx, scope))
            reports.extend(check_side_effects(ctx, scope))
    return reports


def _scopes(tree: ast.Module) -> Iterator[ast.AST]:
    """The module itself and every function, lambda and class body in it."""
    yield tree
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            yield node
