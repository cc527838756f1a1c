"""Run code written against `signoff` on LangGraph, to record what LangGraph does.

Importing this module installs a `sys.meta_path` finder that serves every `signoff` / `signoff.X`
import with the same-named LangGraph module (`signoff.checkpoint.memory` is
`langgraph.checkpoint.memory`, `signoff.prebuilt` is `langgraph.prebuilt`, ...). It is only ever used
under the reference venv (/work/lgvenv); signoff itself never imports LangGraph.

    /work/lgvenv/bin/python -c "import tests.compat.alias, runpy; runpy.run_path('examples/x.py', run_name='__main__')"
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence

SOURCE = "signoff"
TARGET = "langgraph"


def target_name(fullname: str) -> str:
    """The LangGraph module that stands in for the signoff module `fullname`."""
    return TARGET + fullname[len(SOURCE) :]


class _AliasLoader(importlib.abc.Loader):
    """Puts the real LangGraph module into `sys.modules` under the signoff name.

    The import system reads the module back from `sys.modules` after `exec_module`, so the
    placeholder made by `create_module` is dropped and LangGraph's module keeps its own `__spec__`.
    """

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return types.ModuleType(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        sys.modules[module.__name__] = importlib.import_module(target_name(module.__name__))


class AliasFinder(importlib.abc.MetaPathFinder):
    """Answers only for `signoff` and its submodules; everything else falls through."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != SOURCE and not fullname.startswith(SOURCE + "."):
            return None
        if importlib.util.find_spec(target_name(fullname)) is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(), is_package=True)


def install() -> None:
    """Install the finder once, ahead of the normal path finders, and forget any real signoff."""
    if any(isinstance(finder, AliasFinder) for finder in sys.meta_path):
        return
    for name in [n for n in sys.modules if n == SOURCE or n.startswith(SOURCE + ".")]:
        del sys.modules[name]
    sys.meta_path.insert(0, AliasFinder())


install()
