"""Control flow inside one function, as far as the order of calls is concerned.

Answers three questions about two call sites of the same function: can the second run after the
first in one execution (`can_follow`), which conditions decide whether a call runs at all
(`conditions`), and are those conditions shared with another call (`same_part`). It is an
approximation over the syntax tree, not a full control-flow graph: `return`/`raise` end a path,
`if`/`match`/`except` branches exclude each other, and a loop lets a call run again after anything
in the same loop. `continue` is not followed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from signoff.lint.context import FunctionNode

# A part of a compound node: the field a child sits in, and its index when each element of that
# field is a separate branch (match cases, except handlers, `and`/`or` operands).
Part = tuple[str, int | None]
_SPLIT_FIELDS = frozenset({"cases", "handlers", "values"})
_LOOP_BODY = {
    ast.For: "body",
    ast.AsyncFor: "body",
    ast.While: "body",
    ast.ListComp: "elt",
    ast.SetComp: "elt",
    ast.GeneratorExp: "elt",
    ast.DictComp: "value",
}


@dataclass(frozen=True)
class Condition:
    """A test that decides whether the code in `part` of `node` runs (or how often)."""

    node: ast.AST
    part: Part
    test: ast.expr | None  # None: decided by whether an exception happens
    text: str  # how messages name it: "`if state['x']`", "only when an exception is caught"


def _is_loop_part(node: ast.AST, part: Part) -> bool:
    body = _LOOP_BODY.get(type(node))
    return body is not None and (part[0] == body or (body == "value" and part[0] == "key"))


class FunctionFlow:
    """Parent links and path questions for the body of one function."""

    def __init__(self, fn: FunctionNode) -> None:
        self.fn = fn
        self._parent: dict[ast.AST, tuple[ast.AST, str, int | None]] = {}
        stack: list[ast.AST] = [fn]
        while stack:
            node = stack.pop()
            for name, value in ast.iter_fields(node):
                items = value if isinstance(value, list) else [value]
                for index, child in enumerate(items):
                    if isinstance(child, ast.AST):
                        self._parent[child] = (
                            node,
                            name,
                            index if isinstance(value, list) else None,
                        )
                        if not isinstance(
                            child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
                        ):
                            stack.append(child)

    def ancestry(self, node: ast.AST) -> list[tuple[ast.AST, Part]]:
        """Ancestors of `node` up to the function, each with the part of it that holds `node`."""
        chain: list[tuple[ast.AST, Part]] = []
        while node is not self.fn and node in self._parent:
            parent, name, index = self._parent[node]
            chain.append((parent, (name, index if name in _SPLIT_FIELDS else None)))
            node = parent
        return chain

    def conditions(self, node: ast.AST) -> list[Condition]:
        """Every test that decides whether (or how many times) `node` runs, innermost first."""
        found: list[Condition] = []
        for parent, part in self.ancestry(node):
            found.extend(self._conditions_of(parent, part))
        return found

    def _conditions_of(self, parent: ast.AST, part: Part) -> list[Condition]:
        name, index = part
        text = ast.unparse
        if isinstance(parent, (ast.If, ast.IfExp)) and name in ("body", "orelse"):
            where = _code(f"if {text(parent.test)}")
            where = where if name == "body" else f"the else of {where}"
            return [Condition(parent, part, parent.test, where)]
        if isinstance(parent, ast.BoolOp) and name == "values" and index:
            test = ast.BoolOp(op=parent.op, values=parent.values[:index])
            return [Condition(parent, part, test, _code(text(parent)))]
        if isinstance(parent, ast.match_case) and name == "body":
            return self._match_conditions(parent)
        if isinstance(parent, ast.ExceptHandler) and name == "body":
            owner, _, position = self._parent[parent]
            where = "only when an exception is caught"
            return [Condition(owner, ("handlers", position), None, where)]
        if _is_try(parent) and name == "orelse":
            return [Condition(parent, part, None, "only when the try body does not raise")]
        if isinstance(parent, (ast.For, ast.AsyncFor)) and name == "body":
            header = Condition(parent, part, parent.iter, _code(f"for ... in {text(parent.iter)}"))
            return [header, *self._break_conditions(parent)]
        if isinstance(parent, ast.While) and name == "body":
            header = Condition(parent, part, parent.test, _code(f"while {text(parent.test)}"))
            return [header, *self._break_conditions(parent)]
        if _is_loop_part(parent, part):
            assert isinstance(parent, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp))
            found: list[Condition] = []
            for gen in parent.generators:
                loop = _code(f"for ... in {text(gen.iter)}")
                found.append(Condition(parent, part, gen.iter, loop))
                found.extend(Condition(parent, part, t, _code(f"if {text(t)}")) for t in gen.ifs)
            return found
        return []

    def _match_conditions(self, case: ast.match_case) -> list[Condition]:
        match, _, index = self._parent[case]
        assert isinstance(match, ast.Match)
        part: Part = ("cases", index)
        subject = _code(f"match {ast.unparse(match.subject)}")
        found = [Condition(match, part, match.subject, subject)]
        if case.guard is not None:
            guard = _code(f"case ... if {ast.unparse(case.guard)}")
            found.append(Condition(match, part, case.guard, guard))
        return found

    def _break_conditions(self, loop: ast.For | ast.AsyncFor | ast.While) -> list[Condition]:
        """Tests guarding a `break` of `loop`: they decide how many times its body runs."""
        found: list[Condition] = []
        stack: list[ast.AST] = list(loop.body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Break):
                for parent, part in self.ancestry(node):
                    if parent is loop:
                        break
                    found.extend(self._conditions_of(parent, part))
            elif not isinstance(node, (ast.For, ast.AsyncFor, ast.While, *_SCOPES)):
                stack.extend(ast.iter_child_nodes(node))
        body: Part = ("body", None)
        return [Condition(loop, body, c.test, f"the loop exit {c.text}") for c in found]

    def same_part(self, cond: Condition, other: ast.AST) -> bool:
        """Whether `other` sits in the same part of `cond.node` as the code `cond` governs."""
        return any(a is cond.node and p == cond.part for a, p in self.ancestry(other))

    def loop_repeats(self, inner: ast.AST, *nodes: ast.AST) -> bool:
        """Whether a loop strictly above `inner` holds all `nodes` and can start another pass.

        A pass cannot start again after `nodes[0]` if a `return`/`raise` always follows it inside
        the loop.
        """
        return any(
            _is_loop_part(parent, part)
            and all(self._in_loop_body(parent, n) for n in nodes)
            and not self._ends_after(nodes[0], parent)
            for parent, part in self.ancestry(inner)
        )

    def _in_loop_body(self, loop: ast.AST, node: ast.AST) -> bool:
        return any(a is loop and _is_loop_part(a, p) for a, p in self.ancestry(node))

    def can_follow(self, first: ast.AST, then: ast.AST) -> bool:
        """Whether `then` may run after `first` within one run of the function."""
        if first is then:
            return self.loop_repeats(first, first)
        first_chain = self.ancestry(first)
        then_parts = {id(a): p for a, p in self.ancestry(then)}
        lca, lca_part = next((a, p) for a, p in first_chain if id(a) in then_parts)
        then_part = then_parts[id(lca)]
        if (
            _runs_before(first, then)
            and not _exclusive(lca, lca_part, then_part)
            and not self._ends_after(first, lca, then)
        ):
            return True
        in_loop = _is_loop_part(lca, lca_part) and _is_loop_part(lca, then_part)
        if in_loop and not self._ends_after(first, lca):
            return True
        return self.loop_repeats(lca, first, then)

    def _ends_after(self, node: ast.AST, stop: ast.AST, then: ast.AST | None = None) -> bool:
        """Whether a `return`/`raise` always follows `node` before control reaches `then`.

        Without `then`: before control leaves the code under `stop` (the end of a loop pass).
        """
        limit = self._position_under(stop, then) if then is not None else None
        while node is not stop and node in self._parent:
            parent, name, index = self._parent[node]
            if isinstance(node, ast.stmt) and index is not None:
                end = None
                if parent is stop and limit is not None and limit[0] == name:
                    end = limit[1]
                siblings = getattr(parent, name)[index + 1 : end]
                if any(isinstance(s, (ast.Return, ast.Raise)) for s in siblings):
                    return True
            node = parent
        return False

    def _position_under(self, stop: ast.AST, node: ast.AST) -> tuple[str, int | None] | None:
        """Field and index of the child of `stop` that holds `node`."""
        while node in self._parent:
            parent, name, index = self._parent[node]
            if parent is stop:
                return name, index
            node = parent
        return None


def _code(text: str, limit: int = 60) -> str:
    """`text` in backticks, shortened for a one-line message."""
    return "`" + (text if len(text) <= limit else text[: limit - 3] + "...") + "`"


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _is_try(node: ast.AST) -> bool:
    try_star = getattr(ast, "TryStar", ast.Try)
    return isinstance(node, (ast.Try, try_star))


def _runs_before(first: ast.AST, then: ast.AST) -> bool:
    """Source order, with arguments running before the call that holds them."""
    if _contains(then, first):
        return True
    if _contains(first, then):
        return False
    end = (getattr(first, "end_lineno", 0) or 0, getattr(first, "end_col_offset", 0) or 0)
    start = (getattr(then, "lineno", 0), getattr(then, "col_offset", 0))
    return end <= start


def _contains(outer: ast.AST, inner: ast.AST) -> bool:
    return outer is not inner and any(node is inner for node in ast.walk(outer))


def _exclusive(lca: ast.AST, first: Part, then: Part) -> bool:
    """Whether two different parts of `lca` never both run in one pass."""
    if first == then:
        return False
    if isinstance(lca, (ast.If, ast.IfExp, ast.Match)):
        return {first[0], then[0]} <= {"body", "orelse", "cases"}
    if _is_try(lca):
        return first[0] in ("handlers", "orelse") and then[0] in ("handlers", "orelse")
    return False
