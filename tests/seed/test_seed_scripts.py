"""Every example runs as a plain script (`python examples/x.py`) and prints its demo's outcome."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

LAST_LINES = {
    "basic_interrupt": "✅ Notification sent!",
    "approve_reject": "resume=False: Action cancelled by user.",
    "review_edit": "Dear valued customer, we appreciate your inquiry about billing...",
    "tool_interrupt": "rejected: Done: Email cancelled by user",
    "validation_loop": "{'age': 25}",
    "multiple_interrupts": "{'name': 'Ada', 'age': 36}",
    "static_breakpoints": (
        "['prepared deploy', 'reviewed', 'scheduled', 'executed', 'finished'] next: ()"
    ),
    "streaming_interrupts": "finished node: publish",
    "email_approval": "Regarding the meeting, I wanted to reach out...",
}


def test_every_example_is_listed() -> None:
    assert sorted(LAST_LINES) == sorted(path.stem for path in EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("name", sorted(LAST_LINES))
def test_example_runs_as_a_script(name: str) -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == LAST_LINES[name]
