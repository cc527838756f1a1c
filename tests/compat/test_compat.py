"""Every compat case, run on signoff, must observe exactly what LangGraph 1.2.22 observed.

`cases/<name>.py` defines `run()`; `expected/<name>.json` is LangGraph's observation, recorded with
`/work/lgvenv/bin/python tests/compat/record.py <name>` (which aliases `signoff` to `langgraph`).
Here the same case runs on signoff itself and both observations go through `normalize.py`, so ids
and timestamps compare by structure, not value. On a mismatch, `pytest -vv` shows a line diff.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
CASES = sorted((HERE / "cases").glob("*.py"))
EXPECTED = HERE / "expected"


def _load(path: Path, name: str) -> ModuleType:
    """Import a file by path under a private name (never through `alias.py`)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as a normal import would, so typing can resolve annotations
    spec.loader.exec_module(module)
    return module


_normalize: Any = _load(HERE / "normalize.py", "compat_normalize").normalize
_KNOWN_MISMATCHES: list[str] = _load(
    HERE / "known_mismatches.py", "compat_known_mismatches"
).KNOWN_MISMATCHES


def _param(case: Path) -> Any:
    """A case; an engine bug listed in `known_mismatches.py` is a strict xfail until fixed."""
    if case.stem not in _KNOWN_MISMATCHES:
        return pytest.param(case, id=case.stem)
    reason = "signoff differs from LangGraph here; see tests/compat/known_mismatches.py"
    return pytest.param(case, id=case.stem, marks=pytest.mark.xfail(strict=True, reason=reason))


def _dump(observation: Any) -> str:
    return json.dumps(observation, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_every_case_has_a_recording_and_every_recording_a_case() -> None:
    cases = {path.stem for path in CASES}
    recorded = {path.stem for path in EXPECTED.glob("*.json")}
    assert cases - recorded == set(), "record them: /work/lgvenv/bin/python tests/compat/record.py"
    assert recorded - cases == set(), "delete expected files whose case is gone"


def test_every_known_mismatch_names_a_case() -> None:
    cases = {path.stem for path in CASES}
    assert sorted(set(_KNOWN_MISMATCHES) - cases) == [], "remove entries whose case is gone"
    assert len(_KNOWN_MISMATCHES) == len(set(_KNOWN_MISMATCHES)), "an entry is listed twice"


@pytest.mark.parametrize("case", [_param(path) for path in CASES])
def test_case_matches_langgraph(case: Path) -> None:
    expected = (EXPECTED / f"{case.stem}.json").read_text(encoding="utf-8")
    observed = _normalize(_load(case, f"compat_case_{case.stem}").run())
    assert _dump(observed) == expected
