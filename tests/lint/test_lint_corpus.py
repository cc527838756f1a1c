"""Every file of `corpus/` is linted and must give exactly the findings it declares.

Each corpus file starts with `# expect: SO101,SO104` (or `# expect: none`): the set of codes the
file must produce. Every reported line carries a `# <- CODE` marker, and every marker must be
reported, so a finding on the wrong line fails as surely as a missing one. The `seed_*` files are
the code examples of the seed lesson, one file per example (GOOD and BAD halves split).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from signoff.lint import RULES, lint_file

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(CORPUS.glob("*.py"))
_EXPECT = re.compile(r"^# expect: (?P<codes>none|SO\d+(?:,SO\d+)*)$")
_MARKER = re.compile(r"# <- (SO\d+(?:,SO\d+)*)")


def _expected(path: Path) -> tuple[set[str], set[tuple[int, str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = _EXPECT.match(lines[0])
    assert header, f"{path.name}: first line must be '# expect: CODES' or '# expect: none'"
    codes = set() if header["codes"] == "none" else set(header["codes"].split(","))
    marks = {
        (number, code)
        for number, line in enumerate(lines, start=1)
        for match in _MARKER.finditer(line)
        for code in match.group(1).split(",")
    }
    return codes, marks


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_gives_declared_findings(path: Path) -> None:
    codes, marks = _expected(path)
    findings = lint_file(path)
    assert {f.code for f in findings} == codes, [str(f) for f in findings]
    assert {(f.line, f.code) for f in findings} == marks, [str(f) for f in findings]


def test_corpus_is_large_and_covers_every_rule_both_ways() -> None:
    assert len(FILES) >= 30
    declared = [_expected(path)[0] for path in FILES]
    for code in RULES:
        assert sum(code in codes for codes in declared) >= 3, code
    assert sum(not codes for codes in declared) >= 15


def test_seed_examples_bad_ones_flagged_with_their_rule_and_the_rest_clean() -> None:
    seed = {p.name: _expected(p)[0] for p in FILES if p.name.startswith("seed_")}
    assert len(seed) == 21  # the lesson's 17 python blocks, four of them split in GOOD/BAD
    bad = {name: codes for name, codes in seed.items() if codes}
    assert bad == {
        "seed_10_try_bad.py": {"SO101"},
        "seed_11_order_bad.py": {"SO102"},
        "seed_12_json_bad.py": {"SO103"},
        "seed_13_idempotent_bad.py": {"SO104"},
    }
