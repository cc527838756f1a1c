"""What a module says about itself: its imports, its functions and classes, and which calls pause.

Everything is read from the AST; the user's code is never imported. Names resolve through the
module's imports to dotted paths (`lt.interrupt` → `langgraph.types.interrupt`), so aliases work.
A bare `interrupt` (or `task`) that the module never binds at all is taken to be LangGraph's: that
is how snippets and star-imports use it, and such code fails with `NameError` otherwise.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef

INTERRUPT_TARGETS = frozenset(
    {
        "langgraph.types.interrupt",
        "signoff.types.interrupt",
        "signoff.runtime.interrupt.interrupt",
    }
)
HUMAN_TARGETS = frozenset({"signoff.human.ask", "signoff.human.approve", "signoff.human.review"})
TASK_TARGETS = frozenset({"langgraph.func.task", "signoff.func.task"})

InterruptKind = Literal["interrupt", "human", "helper"]


@dataclass(frozen=True)
class Report:
    """A rule's finding before it gets a path, a column and a noqa check."""

    node: ast.AST
    code: str
    message: str


def iter_scope(root: ast.AST) -> Iterator[ast.AST]:
    """Yield every node under `root` that runs in `root`'s own scope.

    Nested functions, lambdas and classes are not entered (their bodies run at another time);
    comprehensions are, because they run inline.
    """
    stack = list(reversed(list(ast.iter_child_nodes(root))))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the module binds anywhere: assignments, parameters, defs, classes, imports."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(a.asname or a.name.split(".")[0] for a in node.names if a.name != "*")
    return names


def _imports(tree: ast.Module) -> dict[str, str]:
    """Map each name an import binds to the dotted path it stands for."""
    table: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    table[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    table[root] = root
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name != "*":
                    table[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return table


def _module_constants(tree: ast.Module) -> set[str]:
    """Module-level names only ever assigned literal values (`MAX_TRIES = 3`)."""
    literal: set[str] = set()
    other: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        is_literal = _is_literal(value)
        for target in targets:
            if isinstance(target, ast.Name):
                (literal if is_literal else other).add(target.id)
    return literal - other


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


@dataclass
class ModuleContext:
    """Facts about one module that every rule needs, computed once."""

    tree: ast.Module
    imports: dict[str, str]
    bound: set[str]
    functions: dict[str, FunctionNode]
    classes: dict[str, ast.ClassDef]
    constants: set[str]
    tasks: set[str] = field(default_factory=set)
    interrupting: set[str] = field(default_factory=set)
    pauses: bool = False  # whether the module calls interrupt() or a human helper at all
    _sites: dict[int, list[ast.Call]] = field(default_factory=dict)

    def interrupt_sites(self, scope: ast.AST) -> list[ast.Call]:
        """Calls in `scope` (not nested scopes) that pause: interrupt(), human helpers, helpers."""
        if not self.pauses:
            return []
        if id(scope) not in self._sites:
            self._sites[id(scope)] = [
                node
                for node in iter_scope(scope)
                if isinstance(node, ast.Call) and self.interrupt_kind(node) is not None
            ]
        return self._sites[id(scope)]

    def describe_site(self, call: ast.Call) -> str:
        """How messages name a pausing call: `interrupt()`, `ask()`, `ask_user() (calls interrupt())`."""
        name = ast.unparse(call.func)
        if self.interrupt_kind(call) == "helper":
            return f"`{name}()` (which calls interrupt())"
        return f"`{name}()`"

    @classmethod
    def build(cls, tree: ast.Module) -> ModuleContext:
        functions: dict[str, FunctionNode] = {}
        classes: dict[str, ast.ClassDef] = {}
        for node in _non_method_defs(tree):
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
            else:
                functions.setdefault(node.name, node)
        ctx = cls(tree, _imports(tree), _bound_names(tree), functions, classes, set())
        ctx.constants = _module_constants(tree)
        ctx.tasks = {name for name, fn in functions.items() if ctx.is_task(fn)}
        ctx.pauses = any(
            isinstance(node, ast.Call) and ctx.interrupt_kind(node) is not None
            for node in ast.walk(tree)
        )
        if ctx.pauses:
            ctx.interrupting = ctx._interrupting_helpers()
        return ctx

    def qualname(self, expr: ast.expr) -> str | None:
        """Dotted path an expression names through the imports, or None if it is not imported."""
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        root = self.imports.get(expr.id)
        if root is None:
            return None
        return ".".join([root, *reversed(parts)])

    def _unbound(self, expr: ast.expr, name: str) -> bool:
        return isinstance(expr, ast.Name) and expr.id == name and name not in self.bound

    def interrupt_kind(self, call: ast.Call) -> InterruptKind | None:
        """How `call` pauses: `interrupt()`, a `signoff.human` helper, a local helper, or not."""
        qual = self.qualname(call.func)
        if qual in INTERRUPT_TARGETS or self._unbound(call.func, "interrupt"):
            return "interrupt"
        if qual in HUMAN_TARGETS:
            return "human"
        func = call.func
        if isinstance(func, ast.Name) and func.id in self.interrupting:
            return "helper"
        return None

    def is_task(self, fn: FunctionNode) -> bool:
        """Whether `fn` is decorated with `@task` / `@task(...)` from langgraph.func or signoff.func."""
        for deco in fn.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            if self.qualname(target) in TASK_TARGETS or self._unbound(target, "task"):
                return True
        return False

    def _interrupting_helpers(self) -> set[str]:
        """Names of module functions that call interrupt(), directly or through each other."""
        direct: set[str] = set()
        callees: dict[str, set[str]] = {}
        for name, fn in self.functions.items():
            calls = [node for node in iter_scope(fn) if isinstance(node, ast.Call)]
            if any(self.interrupt_kind(call) is not None for call in calls):
                direct.add(name)
            callees[name] = {c.func.id for c in calls if isinstance(c.func, ast.Name)}
        found = set(direct)
        changed = True
        while changed:
            before = len(found)
            found |= {name for name, names in callees.items() if names & found}
            changed = len(found) != before
        return found


def _non_method_defs(tree: ast.Module) -> Iterator[FunctionNode | ast.ClassDef]:
    """Functions and classes defined at module level or inside functions, but not methods."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield child
                if not isinstance(child, ast.ClassDef):
                    stack.append(child)
            elif not isinstance(child, ast.expr):
                stack.append(child)
