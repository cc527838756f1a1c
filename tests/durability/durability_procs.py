"""Child processes for the durability tests: start `durability_child.py`, read its lines with a
deadline (a hung child fails the test instead of hanging it), kill it with SIGKILL."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import IO

CHILD = Path(__file__).with_name("durability_child.py")
DEADLINE = 60.0
"""Seconds any single expected line may take; only a broken child ever gets near it."""


class Child:
    """One `durability_child.py` process; its stdout is read line by line on a thread. Use it as a
    context manager: leaving the block kills the child if it still runs and closes its pipes."""

    def __init__(self, *args: str, stdin: bool = False) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), *args],
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.errors: list[str] = []
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self._pump(self.proc.stdout, self.lines)
        self._collect(self.proc.stderr)

    def __enter__(self) -> Child:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Kill the child if it still runs, and close its pipes."""
        if self.proc.poll() is None:
            self.kill()
        self._stdout.join(timeout=DEADLINE)
        self._stderr.join(timeout=DEADLINE)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def _pump(self, stream: IO[str], into: queue.Queue[str | None]) -> None:
        def run() -> None:
            for line in stream:
                into.put(line.rstrip("\n"))
            into.put(None)

        self._stdout = threading.Thread(target=run, daemon=True)
        self._stdout.start()

    def _collect(self, stream: IO[str]) -> None:
        def run() -> None:
            self.errors.extend(stream)

        self._stderr = threading.Thread(target=run, daemon=True)
        self._stderr.start()

    def line(self) -> str | None:
        """The next line, or None once the child closed its stdout (exited or was killed)."""
        try:
            got = self.lines.get(timeout=DEADLINE)
        except queue.Empty:
            self.kill()
            raise AssertionError(
                f"child printed nothing for {DEADLINE}s; saw {self.seen}"
            ) from None
        if got is not None:
            self.seen.append(got)
        return got

    def expect(self, wanted: str) -> str:
        """Read lines until one starts with `wanted`; fail if the child ends first."""
        while True:
            got = self.line()
            if got is None:
                raise AssertionError(f"child ended before {wanted!r}: {self.stderr()}")
            if got.startswith(wanted):
                return got

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=DEADLINE)

    def rest(self) -> list[str]:
        """Every line still to come, until the child closes its stdout."""
        out = []
        while (got := self.line()) is not None:
            out.append(got)
        return out

    def finish(self) -> list[str]:
        """Wait for a normal exit; returns the remaining lines and fails on a non-zero code."""
        out = self.rest()
        code = self.proc.wait(timeout=DEADLINE)
        assert code == 0, f"child exited with {code}: {self.stderr()}"
        return out

    def stderr(self) -> str:
        self._stderr.join(timeout=DEADLINE)
        return "".join(self.errors)
