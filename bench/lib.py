"""The seam that lets each workload be written once and run on signoff or on LangGraph.

signoff's public API is LangGraph's with the top-level package renamed, so a workload asks for
`lib.graph.StateGraph` or `lib.types.Command` and never names a package. `Lib` maps those short
names to `signoff.*` or `langgraph.*` modules, imported on first use.

signoff is being built while this suite exists: a module or name it does not have yet raises
`Unavailable`, which the runner reports as "unavailable" (a skip in smoke mode) instead of a crash.
Anything else that goes wrong inside a library is a real error.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

LIBRARIES = ("signoff", "langgraph")

MODULES = {
    "graph": "graph",
    "types": "types",
    "memory": "checkpoint.memory",
    "sqlite_saver": "checkpoint.sqlite",
    "postgres_saver": "checkpoint.postgres",
    "func": "func",
    "prebuilt": "prebuilt",
}

# Distributions whose versions a result records, per library.
DISTRIBUTIONS = {
    "signoff": ("signoff", "langchain-core", "ormsgpack", "psycopg"),
    "langgraph": (
        "langgraph",
        "langgraph-checkpoint",
        "langgraph-checkpoint-sqlite",
        "langgraph-checkpoint-postgres",
        "langgraph-prebuilt",
        "langchain-core",
        "psycopg",
    ),
}


class Unavailable(Exception):
    """A workload needs something this library (or this machine) does not provide yet."""


class WrongResult(Exception):
    """A workload's result differs from the value computed without the library: never a score."""


def expect(actual: object, expected: object, what: str) -> None:
    """Raise `WrongResult` naming `what` unless `actual == expected`."""
    if actual != expected:
        shown_actual, shown_expected = _short(actual), _short(expected)
        raise WrongResult(f"{what}: got {shown_actual}, expected {shown_expected}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


class LazyModule:
    """One library module, imported on first attribute access; missing parts become `Unavailable`."""

    def __init__(self, root: str, dotted: str) -> None:
        self._root = root
        self._dotted = dotted
        self._module: ModuleType | None = None

    def load(self) -> ModuleType:
        """Import the module; for signoff, an import of a signoff module that does not exist yet
        raises `Unavailable`. LangGraph must be complete, so its import errors propagate."""
        if self._module is None:
            try:
                self._module = importlib.import_module(self._dotted)
            except ImportError as exc:
                missing = exc.name or ""
                if self._root == "signoff" and missing.startswith("signoff"):
                    raise Unavailable(f"{self._dotted} cannot be imported yet ({exc})") from None
                raise
        return self._module

    def __getattr__(self, name: str) -> Any:
        module = self.load()
        try:
            return getattr(module, name)
        except AttributeError:
            if self._root != "signoff":
                raise
            raise Unavailable(f"{self._dotted}.{name} does not exist yet") from None


@dataclass(frozen=True)
class Lib:
    """The library under test: `Lib("signoff")` or `Lib("langgraph")`."""

    name: str

    def __post_init__(self) -> None:
        if self.name not in LIBRARIES:
            raise ValueError(f"unknown library {self.name!r}: use one of {', '.join(LIBRARIES)}")

    def module(self, short: str) -> LazyModule:
        """The module for a short name of `MODULES`, e.g. `lib.module("memory")`."""
        return LazyModule(self.name, f"{self.name}.{MODULES[short]}")

    @property
    def graph(self) -> LazyModule:
        return self.module("graph")

    @property
    def types(self) -> LazyModule:
        return self.module("types")

    @property
    def memory(self) -> LazyModule:
        return self.module("memory")

    @property
    def sqlite_saver(self) -> LazyModule:
        return self.module("sqlite_saver")

    @property
    def postgres_saver(self) -> LazyModule:
        return self.module("postgres_saver")

    @property
    def func(self) -> LazyModule:
        return self.module("func")

    @property
    def prebuilt(self) -> LazyModule:
        return self.module("prebuilt")

    def versions(self) -> dict[str, str]:
        """Installed versions of this library's distributions ("-" when one is missing)."""
        from importlib.metadata import PackageNotFoundError, version

        found = {}
        for dist in DISTRIBUTIONS[self.name]:
            try:
                found[dist] = version(dist)
            except PackageNotFoundError:
                found[dist] = "-"
        return found


def thread(prefix: str, index: int, **extra: Any) -> dict[str, Any]:
    """A run config for thread `prefix-index`; `extra` goes beside `configurable`."""
    return {"configurable": {"thread_id": f"{prefix}-{index}"}, **extra}
