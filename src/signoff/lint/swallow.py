"""SO101: a pausing call inside a `try` whose handler can catch the pause and carry on.

A pause is an exception travelling up to the runtime. Under LangGraph it is an `Exception`, so
`except Exception:` eats it; under signoff it is a `BaseException` (only bare `except:` and
`except BaseException:` can), and the runtime turns a swallowed pause into
`InterruptSwallowedError`. Either way the code should not depend on it, so both are reported with
a message that says which. A handler that re-raises (bare `raise` or `raise <the caught name>`)
is fine, as is a specific `except GraphInterrupt: raise` ahead of the broad one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from signoff.lint.context import ModuleContext, Report, iter_scope

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_PAUSE_NAMES = frozenset({"GraphInterrupt", "GraphBubbleUp"})
# How broadly a handler catches, most to least: catches signoff's pause too, or LangGraph's only.
_BASE, _EXCEPTION = 2, 1


def check_swallow(ctx: ModuleContext) -> Iterator[Report]:
    """Report every pausing call whose enclosing `try` swallows the pause."""
    yield from _visit(ctx, ctx.tree, ())


def _visit(ctx: ModuleContext, node: ast.AST, tries: tuple[ast.AST, ...]) -> Iterator[Report]:
    try_types = (ast.Try, getattr(ast, "TryStar", ast.Try))
    for name, value in ast.iter_fields(node):
        for child in value if isinstance(value, list) else [value]:
            if not isinstance(child, ast.AST):
                continue
            if isinstance(child, _SCOPES):
                yield from _visit(ctx, child, ())
            elif isinstance(node, try_types) and name == "body":
                yield from _visit(ctx, child, (*tries, node))
            else:
                yield from _visit(ctx, child, tries)
    if isinstance(node, ast.Call) and tries and ctx.interrupt_kind(node) is not None:
        report = _swallowed(ctx, node, tries)
        if report is not None:
            yield report


def _swallowed(ctx: ModuleContext, call: ast.Call, tries: tuple[ast.AST, ...]) -> Report | None:
    """The report for `call` if some enclosing try, innermost first, keeps its pause."""
    for owner in reversed(tries):
        for handler in getattr(owner, "handlers", []):
            breadth, label = _breadth(handler)
            if breadth == 0:
                continue
            if _reraises(handler):
                break  # the pause leaves this try; an outer one may still catch it
            return Report(call, "SO101", _message(ctx, call, breadth, label, handler.lineno))
    return None


def _breadth(handler: ast.ExceptHandler) -> tuple[int, str]:
    """How broadly `handler` catches a pause, and how messages name it."""
    if handler.type is None:
        return _BASE, "bare `except:`"
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    best = (0, "")
    for expr in types:
        name = expr.attr if isinstance(expr, ast.Attribute) else getattr(expr, "id", "")
        if name == "BaseException" or name in _PAUSE_NAMES:
            best = max(best, (_BASE, f"`except {name}`"))
        elif name == "Exception":
            best = max(best, (_EXCEPTION, "`except Exception`"))
    return best


def _reraises(handler: ast.ExceptHandler) -> bool:
    for node in iter_scope(handler):
        if isinstance(node, ast.Raise):
            if node.exc is None:
                return True
            if isinstance(node.exc, ast.Name) and node.exc.id == handler.name:
                return True
    return False


def _message(ctx: ModuleContext, call: ast.Call, breadth: int, label: str, line: int) -> str:
    subject = ctx.describe_site(call)
    head = f"{subject} inside `try` whose {label} (line {line}) does not re-raise"
    if breadth == _BASE:
        return (
            f"{head}: it catches the pause, so the node runs on instead of waiting "
            "(signoff raises InterruptSwallowedError); move the call out of the try or re-raise"
        )
    return (
        f"{head}: safe in signoff, whose pause is a BaseException, but under LangGraph it "
        "swallows the pause; move the call out of the try or catch specific exceptions"
    )
