"""SO103: a question (interrupt payload) that is not plain JSON by construction.

The payload is saved with the checkpoint and shown to whoever answers, often through JSON (HTTP,
Agent Inbox). Reported where the syntax proves it: a lambda, a set, a generator, an open file or
other live resource, a function or class passed by name, and an instance of a class defined in the
module — unless that class is one the checkpoint serializer stores by design (a dataclass, a
Pydantic model, a TypedDict, a NamedTuple, an Enum, or a subclass of a builtin JSON type).
Instances of imported classes are not reported: they may well be storable (messages, models) and
the linter cannot see them. A local variable assigned exactly once is followed to its value.
"""

from __future__ import annotations

import ast
import builtins
import types
from collections.abc import Iterator

from signoff.lint.context import ModuleContext, Report, iter_scope

_NOT_PAYLOAD = frozenset({"schema", "response_schema", "key", "deadline"})
_STORABLE_BASES = frozenset(
    {"BaseModel", "RootModel", "TypedDict", "NamedTuple", "Enum", "IntEnum", "StrEnum"}
    | {"Flag", "IntFlag", "dict", "list", "str", "int", "float", "tuple"}
)
_RESOURCES = {
    "open": "an open file",
    "io.open": "an open file",
    "object": "a bare object()",
    "iter": "an iterator",
    "socket.socket": "a socket",
    "sqlite3.connect": "a database connection",
    "threading.Lock": "a lock",
    "threading.RLock": "a lock",
    "threading.Event": "a threading event",
    "threading.Thread": "a thread",
    "tempfile.TemporaryFile": "an open file",
    "tempfile.NamedTemporaryFile": "an open file",
    "requests.Session": "an HTTP session",
    "httpx.Client": "an HTTP client",
    "httpx.AsyncClient": "an HTTP client",
}
_BUILTIN_FUNCTIONS = frozenset(
    name for name in dir(builtins) if isinstance(getattr(builtins, name), types.BuiltinFunctionType)
)


def check_payloads(ctx: ModuleContext, scope: ast.AST) -> Iterator[Report]:
    """Report non-JSON values in the payloads of the pausing calls made in `scope`."""
    sites = ctx.interrupt_sites(scope)
    assigned = _single_assignments(scope) if sites else {}
    for call in sites:
        kind = ctx.interrupt_kind(call)
        if kind == "helper":
            continue
        callee = ast.unparse(call.func)
        for expr in _payload_parts(call, only_first=kind == "interrupt"):
            for node, what in _offenders(ctx, expr, assigned, depth=0):
                yield Report(node, "SO103", _message(callee, what))


def _message(callee: str, what: str) -> str:
    fix = "use a list" if what.startswith("a set") else "pass plain data (str, number, list, dict)"
    return (
        f"payload of `{callee}()` contains {what}, which is not JSON: the checkpoint cannot "
        f"store it reliably and clients cannot show it; {fix}"
    )


def _payload_parts(call: ast.Call, *, only_first: bool) -> list[ast.expr]:
    """The arguments of `call` that travel with the question."""
    if only_first:
        value = [k.value for k in call.keywords if k.arg == "value"]
        return call.args[:1] or value
    return [*call.args, *(k.value for k in call.keywords if k.arg not in _NOT_PAYLOAD)]


def _single_assignments(scope: ast.AST) -> dict[str, ast.expr]:
    """Local names of `scope` bound exactly once, by a plain assignment, to their value."""
    stores: dict[str, int] = {}
    values: dict[str, ast.expr] = {}
    for node in iter_scope(scope):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            stores[node.id] = stores.get(node.id, 0) + 1
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            values[target.id] = value
    return {name: value for name, value in values.items() if stores.get(name) == 1}


def _offenders(
    ctx: ModuleContext, expr: ast.expr, assigned: dict[str, ast.expr], depth: int
) -> Iterator[tuple[ast.expr, str]]:
    """(node, description) for each part of `expr` that is not JSON by construction."""
    if depth > 8:
        return
    for part in _parts(expr):
        if part is not expr:
            yield from _offenders(ctx, part, assigned, depth + 1)
            continue
        what = _what(ctx, expr)
        if what is not None:
            yield expr, what
        elif isinstance(expr, ast.Name) and expr.id in assigned:
            value = assigned[expr.id]
            for _, inner in _offenders(ctx, value, assigned, depth + 1):
                yield expr, f"{inner} (`{expr.id}`, assigned at line {value.lineno})"


def _parts(expr: ast.expr) -> list[ast.expr]:
    """The sub-expressions a container literal is made of, or `[expr]` itself."""
    if isinstance(expr, ast.Dict):
        return [*(k for k in expr.keys if k is not None), *expr.values]
    if isinstance(expr, (ast.List, ast.Tuple)):
        return list(expr.elts)
    if isinstance(expr, ast.Starred):
        return [expr.value]
    if isinstance(expr, ast.IfExp):
        return [expr.body, expr.orelse]
    if isinstance(expr, ast.Call) and ast.unparse(expr.func) in ("dict", "list", "tuple"):
        return [*expr.args, *(k.value for k in expr.keywords)]
    return [expr]


def _what(ctx: ModuleContext, expr: ast.expr) -> str | None:
    """What non-JSON thing `expr` builds, if its syntax says so."""
    if isinstance(expr, ast.Lambda):
        return "a lambda"
    if isinstance(expr, (ast.Set, ast.SetComp)):
        return "a set"
    if isinstance(expr, ast.GeneratorExp):
        return "a generator"
    if isinstance(expr, ast.Call):
        return _what_call(ctx, expr)
    if isinstance(expr, ast.Name):
        if expr.id in ctx.functions:
            return f"the function `{expr.id}`"
        if expr.id in ctx.classes:
            return f"the class `{expr.id}` itself"
        if expr.id in _BUILTIN_FUNCTIONS and expr.id not in ctx.bound:
            return f"the builtin function `{expr.id}`"
    return None


def _what_call(ctx: ModuleContext, call: ast.Call) -> str | None:
    func = call.func
    qual = ctx.qualname(func)
    if qual is None and isinstance(func, ast.Name) and func.id not in ctx.bound:
        qual = func.id
    if qual in _RESOURCES:
        return _RESOURCES[qual]
    cls = ctx.classes.get(func.id) if isinstance(func, ast.Name) else None
    if cls is not None and not _storable(ctx, cls, set()):
        return f"an instance of class `{cls.name}`"
    return None


def _storable(ctx: ModuleContext, cls: ast.ClassDef, seen: set[str]) -> bool:
    """Whether the checkpoint serializer stores instances of `cls` by design."""
    seen.add(cls.name)
    for deco in cls.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if ast.unparse(target).split(".")[-1] == "dataclass":
            return True
    for base in cls.bases:
        name = ast.unparse(base).split("[")[0].split(".")[-1]
        if name in _STORABLE_BASES:
            return True
        local = ctx.classes.get(name)
        if local is not None and name not in seen and _storable(ctx, local, seen):
            return True
    return False
