"""A warm Python process that runs each `signoff` command in a forked child.

Why: most of a `signoff` subprocess's time goes to starting Python and importing click, rich, the
engine and the savers. This server pays that once; for each request it forks, and the child — a
real, separate process with its own stdin (/dev/null, as in CI), stdout, stderr, working directory,
environment and exit code — runs `signoff.cli.app.main(args)` exactly as the `signoff` script does.
Nothing a child does (imported graphs, sys.path, open databases) reaches the server or the next
child. Tests that must see a cold start (the script itself, `python -m signoff`, pseudo-terminals)
still spawn the real thing.

Protocol: one JSON object per line on stdin, `{"args", "cwd", "env", "timeout"}`; one JSON object
per line on stdout, `{"code", "out", "err"}`.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback
from typing import Any

# Warm up what every command and test graph imports: the CLI, a saver, the graph API.
import signoff.checkpoint.sqlite
import signoff.cli.app
import signoff.graph
import signoff.human
import signoff.types

for optional in ("pydantic", "jsonschema", "signoff.lint", "signoff.checkpoint.postgres"):
    try:
        __import__(optional)
    except ImportError:
        pass


def _child(args: list[str], cwd: str, env: dict[str, str], out_fd: int, err_fd: int) -> None:
    """Become `signoff ARGS`; never returns."""
    code = 1
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.argv = ["signoff", *args]
        try:
            signoff.cli.app.main(args)
            code = 0
        except SystemExit as exc:
            code = _exit_code(exc)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


def _wait(pid: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return -signal.SIGKILL
        time.sleep(0.002)


def serve(request: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            _child(request["args"], request["cwd"], request["env"], out.fileno(), err.fileno())
        code = _wait(pid, float(request.get("timeout", 60)))
        texts = []
        for stream in (out, err):
            stream.seek(0)
            texts.append(stream.read().decode("utf-8", errors="replace"))
    if code == -signal.SIGKILL:
        texts[1] += f"\n[forkserver] killed after {request.get('timeout', 60)} s\n"
    return {"code": code, "out": texts[0], "err": texts[1]}


def main() -> None:
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # stray prints must not corrupt the protocol
    for line in sys.stdin:
        if line.strip():
            replies.write(json.dumps(serve(json.loads(line))) + "\n")
            replies.flush()


if __name__ == "__main__":
    main()
