"""Which expressions of a function give the same value when the node re-runs on resume.

A node re-runs from its start on every resume, and each `interrupt()` returns the answer stored
for it, so a condition built only from earlier answers, literals and pure helpers takes the same
branch every time: an interrupt under it keeps its position. A condition that reads the state,
a parameter, a global, the clock or any other outside value may flip between runs.

Assumed stable: literals; answers of `interrupt()`/`signoff.human` calls and whatever is computed
from them; builtins (except `input`, `open`, `id`, `hash` and the namespace ones); functions and
classes defined in the module; module constants assigned a literal; calls with at least one
argument, all stable, to an imported function (`is_email(answer)`) outside clock/random/OS modules.
Everything else is unstable, which is the safe side for SO102.
"""

from __future__ import annotations

import ast
import builtins

from signoff.lint.context import FunctionNode, ModuleContext, iter_scope

_UNSTABLE_BUILTINS = frozenset({"input", "open", "id", "hash", "globals", "locals", "vars"})
_BUILTINS = frozenset(dir(builtins)) - _UNSTABLE_BUILTINS
_UNSTABLE_MODULES = ("random", "time", "datetime", "uuid", "secrets", "os", "requests", "httpx")


class Stability:
    """Stable-value analysis for the body of one function (nested scopes excluded)."""

    def __init__(self, ctx: ModuleContext, fn: FunctionNode) -> None:
        self.ctx = ctx
        self.fixed_unstable = {a.arg for a in _all_args(fn)}
        self.assigned: dict[str, list[ast.expr | None]] = {}
        for node in iter_scope(fn):
            self._collect(node)
        self.stable_names = set(self.assigned) - self.fixed_unstable
        changed = True
        while changed:
            changed = False
            for name in sorted(self.stable_names):
                if not all(v is not None and self.stable(v) for v in self.assigned[name]):
                    self.stable_names.discard(name)
                    changed = True

    def _collect(self, node: ast.AST) -> None:
        """Record what each local name is assigned from (None: not statically known)."""
        if isinstance(node, ast.Assign):
            for target in node.targets:
                self._bind(target, node.value)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            self._bind(node.target, node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            self._bind(node.target, node.iter)
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            self._bind(node.optional_vars, node.context_expr)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            self.fixed_unstable.add(node.name)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            self.fixed_unstable.update(node.names)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            self.fixed_unstable.update(a.asname or a.name.split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.assigned.setdefault(node.name, []).append(ast.Constant(None))

    def _bind(self, target: ast.expr, value: ast.expr | None) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind(element, value)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, value)

    def stable(self, expr: ast.expr) -> bool:
        """Whether `expr` evaluates the same on every re-run of the node."""
        if isinstance(expr, (ast.Constant, ast.Lambda)):
            return True
        if isinstance(expr, ast.Name):
            return self._stable_name(expr.id)
        if isinstance(expr, ast.Call):
            return self._stable_call(expr)
        if isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return all(
                self.stable(g.iter) and all(map(self.stable, g.ifs)) for g in expr.generators
            )
        return all(
            self.stable(child)
            for child in ast.iter_child_nodes(expr)
            if isinstance(child, ast.expr) and not _is_store(child)
        )

    def _stable_name(self, name: str) -> bool:
        if name in self.assigned or name in self.fixed_unstable:
            return name in self.stable_names
        if name in self.ctx.imports:
            return False
        ctx = self.ctx
        return (
            name in ctx.functions
            or name in ctx.classes
            or name in ctx.constants
            or (name in _BUILTINS and name not in ctx.bound)
        )

    def _stable_call(self, call: ast.Call) -> bool:
        if self.ctx.interrupt_kind(call) in ("interrupt", "human"):
            return True
        args = [*call.args, *(k.value for k in call.keywords)]
        if not all(self.stable(a.value if isinstance(a, ast.Starred) else a) for a in args):
            return False
        qual = self.ctx.qualname(call.func)
        if qual is not None and qual.split(".")[0] in _UNSTABLE_MODULES:
            return False
        if self.stable(call.func):
            return True
        return qual is not None and bool(args)


def _is_store(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load)


def _all_args(fn: FunctionNode) -> list[ast.arg]:
    a = fn.args
    extra = [x for x in (a.vararg, a.kwarg) if x is not None]
    return [*a.posonlyargs, *a.args, *a.kwonlyargs, *extra]
