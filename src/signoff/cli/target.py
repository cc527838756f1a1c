"""Loading the graph a TARGET names: `path/to/file.py:attr` or `package.module:attr`.

A file target is stored in the thread as an absolute path, so `signoff answer` finds it from any
directory. A module target is stored as its dotted name and, when it was found only because it sits
in the current directory, with that directory (`root`), so it loads from elsewhere too. The
attribute may be a compiled graph, a `StateGraph` builder, or a function (taking no arguments) that
returns either.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from signoff.cli.errors import CliError, describe

_HINT = "use path/to/file.py:graph or package.module:graph"


@dataclass(frozen=True)
class TargetSpec:
    """Where a graph lives. `spec` is the canonical text stored with each thread."""

    location: str
    """An absolute file path, or a dotted module name."""
    attr: str
    is_file: bool
    root: str | None = None
    """For a module found in the current directory (not installed): that directory."""

    @property
    def spec(self) -> str:
        return f"{self.location}:{self.attr}"


def parse_target(text: str) -> TargetSpec:
    """Split `FILE_OR_MODULE:ATTR`; a file becomes absolute (resolved from the current directory)."""
    location, sep, attr = text.strip().rpartition(":")
    if not sep or not location or not attr:
        raise CliError(f"target '{text}' does not name a graph attribute; {_HINT}")
    if not all(part.isidentifier() for part in attr.split(".")):
        raise CliError(f"target '{text}': '{attr}' is not an attribute name; {_HINT}")
    if location.endswith(".py") or "/" in location or os.sep in location:
        return TargetSpec(str(Path(location).expanduser().resolve()), attr, is_file=True)
    if not all(part.isidentifier() for part in location.split(".")):
        raise CliError(f"target '{text}': '{location}' is neither a .py file nor a module; {_HINT}")
    return TargetSpec(location, attr, is_file=False)


def load_target(target: TargetSpec, module_name: str | None = None) -> tuple[TargetSpec, Any]:
    """Import the target and return it (with `root` filled in for a module found in the current
    directory) and the named attribute, not yet made into a graph.

    `module_name` imports a file target under that name (not its file name): the name its classes
    were stored under when the thread ran it from another path."""
    if target.is_file:
        return target, _attribute(target, _load_file(target.location, module_name))
    module = _load_module(target.location, target.root)
    return replace(target, root=_local_root(target.location, module)), _attribute(target, module)


def load_object(target: TargetSpec) -> Any:
    """Import the file or module and return the named attribute (not yet made into a graph)."""
    return load_target(target)[1]


def _attribute(target: TargetSpec, module: ModuleType) -> Any:
    obj: Any = module
    for part in target.attr.split("."):
        if not hasattr(obj, part):
            raise CliError(
                f"{target.location} has no attribute '{target.attr}'{_candidates(module)}"
            )
        obj = getattr(obj, part)
    return obj


_LOADED_FILES: dict[str, ModuleType] = {}
"""Files this process has imported, by path: loading a target twice (to read a thread's stored
classes, then to run it) must not execute it again under another module name."""


def file_module_name(path: str) -> str:
    """The module name a file target is imported under (unless that name is taken)."""
    stem = Path(path).stem
    return stem if stem.isidentifier() else "signoff_target"


def _load_file(path: str, module_name: str | None = None) -> ModuleType:
    if path in _LOADED_FILES:
        return _LOADED_FILES[path]
    file = Path(path)
    if not file.is_file():
        raise CliError(f"target file '{path}' does not exist; check the path ({_HINT})")
    directory = str(file.parent)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    name = module_name or file_module_name(path)
    if name in sys.modules:
        name = f"_signoff_target_{hashlib.sha1(path.encode()).hexdigest()[:10]}"
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise CliError(f"cannot import '{path}' as Python; {_HINT}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise CliError(f"loading '{path}' raised {describe(exc)}", cause=exc) from exc
    _LOADED_FILES[path] = module
    return module


def _load_module(name: str, root: str | None) -> ModuleType:
    for directory in (os.getcwd(), root):
        if directory and directory not in sys.path:
            sys.path.insert(0, directory)
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            raise CliError(
                f"module '{name}' not found; install it or run from its directory ({_HINT})"
            ) from None
        raise CliError(f"importing '{name}' raised {describe(exc)}", cause=exc) from exc
    except Exception as exc:
        raise CliError(f"importing '{name}' raised {describe(exc)}", cause=exc) from exc


def _local_root(name: str, module: ModuleType) -> str | None:
    """The directory `name` was imported from, when that is the current directory."""
    file = getattr(module, "__file__", None)
    if not file:
        return None
    depth = len(name.split(".")) + (1 if Path(file).name == "__init__.py" else 0)
    root = Path(file).resolve().parents[depth - 1]
    return str(root) if root == Path.cwd().resolve() else None


def _candidates(module: ModuleType) -> str:
    names = [n for n, v in vars(module).items() if not n.startswith("_") and _graph_kind(v)]
    return f"; graphs there: {', '.join(sorted(names))}" if names else "; it defines no graph"


def _graph_kind(obj: Any) -> str | None:
    if isinstance(obj, type):
        return None
    if callable(getattr(obj, "invoke", None)) and callable(getattr(obj, "get_state", None)):
        return "compiled"
    if callable(getattr(obj, "compile", None)) and callable(getattr(obj, "add_node", None)):
        return "builder"
    return None


def resolve_graph(target: TargetSpec, obj: Any) -> Any:
    """The graph `obj` stands for: itself, its builder (uncompiled), or what the factory returns."""
    if _graph_kind(obj) is None and inspect.isfunction(obj):
        if any(
            p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            for p in inspect.signature(obj).parameters.values()
        ):
            raise CliError(
                f"{target.spec} is a function that takes arguments; point TARGET at a graph "
                "or a function without parameters that returns one"
            )
        try:
            obj = obj()
        except Exception as exc:
            raise CliError(f"calling {target.spec}() raised {describe(exc)}", cause=exc) from exc
    if _graph_kind(obj) is None:
        raise CliError(
            f"{target.spec} is {_a(type(obj).__name__)}, not a graph; point TARGET at a compiled "
            "graph, a StateGraph, or a function that returns one"
        )
    return obj


def _a(noun: str) -> str:
    """`an int`, `a str`: the noun with its indefinite article."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def bind(graph_or_builder: Any, saver: Any) -> Any:
    """A compiled graph that stores its checkpoints in `saver`.

    A builder is compiled with it; a compiled graph gets its checkpointer replaced (whatever the
    file compiled it with, usually an in-memory saver, would lose the thread when we exit).
    """
    if _graph_kind(graph_or_builder) == "builder":
        return graph_or_builder.compile(checkpointer=saver)
    with_checkpointer = getattr(graph_or_builder, "with_checkpointer", None)
    if callable(with_checkpointer):
        return with_checkpointer(saver)
    graph_or_builder.checkpointer = saver
    return graph_or_builder


def compiled(graph_or_builder: Any) -> Any:
    """A compiled graph for drawing: builders are compiled without a saver."""
    if _graph_kind(graph_or_builder) == "builder":
        return graph_or_builder.compile()
    return graph_or_builder
