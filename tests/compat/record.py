"""Record LangGraph 1.2.22's behaviour for every compat case into `expected/<case>.json`.

Run with the reference venv, from anywhere:

    /work/lgvenv/bin/python tests/compat/record.py            # all cases
    /work/lgvenv/bin/python tests/compat/record.py send_fanout  # some cases

Each case is imported with `signoff` aliased to `langgraph` (see `alias.py`), run twice, and
normalised; a case whose two runs differ is reported and not written, because a case that cannot
reproduce its own observation cannot pin anything.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
EXPECTED = HERE / "expected"

sys.path.insert(0, str(HERE))

import alias  # noqa: E402
from normalize import JSON, normalize  # noqa: E402

alias.install()


def load_case(path: Path) -> ModuleType:
    """Import a case file by path under a private module name."""
    spec = importlib.util.spec_from_file_location(f"compat_case_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load compat case {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def observe(path: Path) -> JSON:
    """Run a case once in a freshly imported module and normalise what it returns."""
    return normalize(load_case(path).run())


def dump(observation: JSON) -> str:
    return json.dumps(observation, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def record(path: Path) -> bool:
    """Write the case's expected file; False when the case is not reproducible."""
    first, second = observe(path), observe(path)
    if first != second:
        print(f"{path.stem}: two runs differ, not recorded", file=sys.stderr)
        return False
    EXPECTED.mkdir(exist_ok=True)
    (EXPECTED / f"{path.stem}.json").write_text(dump(first), encoding="utf-8")
    print(f"{path.stem}: recorded")
    return True


def main(names: list[str]) -> int:
    paths = sorted(CASES.glob("*.py"))
    if names:
        known = {path.stem: path for path in paths}
        missing = [name for name in names if name not in known]
        if missing:
            print(f"unknown case(s): {', '.join(missing)}", file=sys.stderr)
            return 2
        paths = [known[name] for name in names]
    failed = [path.stem for path in paths if not record(path)]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
