"""Fixtures for the seed-lesson tests: each test gets a freshly imported example module.

A fresh import means a fresh module-level `InMemorySaver`, so tests never see each other's threads.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load_example_file(name: str) -> ModuleType:
    """Import `examples/<name>.py` by path under a private module name."""
    path = EXAMPLES / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"signoff_example_{name}", path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs, as a normal import would, so that typing can resolve the
    # string annotations (`from __future__ import annotations`) of its state schema.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def load_example() -> Callable[[str], ModuleType]:
    return load_example_file
