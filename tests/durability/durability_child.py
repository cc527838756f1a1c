"""A child process for the durability tests: opens a saver (SQLite file or PostgreSQL) and works on
threads, printing what it did line by line, until it is done or the parent kills it.

    python durability_child.py KIND URL LOG_DIR COMMAND ARGS...

    finish SEED PAUSE THREAD...   finish every thread, in an order shuffled by SEED, each side
                                  effect taking PAUSE seconds more
    die METHODS NEEDLE THREAD...  finish the threads, but SIGKILL this process just before the
                                  saver's METHODS (comma-separated, * for all) are called with
                                  arguments whose repr has NEEDLE
    die-split METHODS NEEDLE THREAD...  the same, on a saver that stores a finished step as
                                  separate `put_writes` and `put` calls
    advance THREAD ANSWERS WHO    run THREAD until it pauses with ANSWERS answers given by WHO,
                                  then print `paused <description>`
    resume THREAD WHO             print `before <description>`, finish THREAD answering as WHO,
                                  print `after <description>`
    survey THREAD...              try to finish each thread; print `survey <json>` per thread
    race THREAD WHO MODE RELEASE  answer the gate graph's interrupt (MODE plain or by-id) when
                                  a line arrives on stdin; print `won` or `lost <error>`

Every command prints `ready` once its saver is open.
"""

from __future__ import annotations

import functools
import json
import os
import random
import signal
import sys
from pathlib import Path
from typing import Any

from durability_gate import gate_graph, hold_until_file
from durability_workload import (
    Graphs,
    config_of,
    describe,
    finish_thread,
    open_saver,
)

from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.types import Command


def say(line: str) -> None:
    print(line, flush=True)


WRITE_METHODS = ("put", "put_step", "put_writes", "put_interrupts", "put_answers")


def die_on(saver: BaseCheckpointSaver, methods: str, needle: str) -> None:
    """SIGKILL this process just before the first call of one of `methods` (comma-separated, or
    `*` for every storing method) whose arguments' repr contains `needle`: a kill at an exact,
    chosen moment, whichever storing call the engine makes there."""
    for method in WRITE_METHODS if methods == "*" else methods.split(","):
        if not hasattr(saver, method):
            continue
        original = getattr(saver, method)

        def call(*args: Any, _original: Any = original) -> Any:
            if needle in repr(args):
                os.kill(os.getpid(), signal.SIGKILL)
            return _original(*args)

        setattr(saver, method, call)


def split_steps(saver: BaseCheckpointSaver) -> None:
    """Make the saver store a finished step as the base class does for savers without
    transactions: each task's writes (`put_writes`), then the checkpoint (`put`)."""
    base_put_step = getattr(BaseCheckpointSaver, "put_step", None)
    if base_put_step is not None:
        vars(saver)["put_step"] = functools.partial(base_put_step, saver)


def race(saver: BaseCheckpointSaver, thread: str, who: str, mode: str, release: Path) -> None:
    graph = gate_graph(saver, hold_until_file(release, say))
    config: RunnableConfig = {**config_of(thread), "metadata": {"answered_by": who}}
    (pending,) = graph.get_state(config).interrupts
    resume = who if mode == "plain" else {pending.id: who}
    say("ready")
    sys.stdin.readline()
    try:
        graph.invoke(Command(resume=resume), config)
    except InterruptAlreadyAnsweredError as exc:
        say(f"lost {exc}")
    else:
        say("won")


def survey(graphs: Graphs, threads: list[str]) -> None:
    for thread in threads:
        try:
            finish_thread(graphs, thread, who="survey")
        except Exception as exc:
            say("survey " + json.dumps({"thread": thread, "error": f"{type(exc).__name__}: {exc}"}))
        else:
            say("survey " + json.dumps({"thread": thread, "error": None}))


def main(argv: list[str]) -> None:
    kind, url, log_dir, command, *args = argv
    with open_saver(kind, url) as saver:
        if command == "race":
            thread, who, mode, release = args
            race(saver, thread, who, mode, Path(release))
            return
        pause = float(args[1]) if command == "finish" else 0.0
        graphs = Graphs(saver, Path(log_dir), pause)
        if command == "die-split":
            split_steps(saver)
        if command in ("die", "die-split"):
            # each storing call on its own, so a kill before one leaves exactly what came before
            # it (grouped storage is what the `finish` kills at random moments go through)
            vars(saver)["groups_writes"] = False
            die_on(saver, args[0], args[1])
        say("ready")
        if command == "finish":
            threads = args[2:]
            random.Random(int(args[0])).shuffle(threads)
            for thread in threads:
                finish_thread(graphs, thread, say)
            say("done")
        elif command in ("die", "die-split"):
            for thread in args[2:]:
                finish_thread(graphs, thread, say)
            say("survived")
        elif command == "advance":
            thread, answers, who = args
            finish_thread(graphs, thread, who=who, stop_after=int(answers))
            say("paused " + json.dumps(describe(graphs, thread)))
        elif command == "resume":
            thread, who = args
            say("before " + json.dumps(describe(graphs, thread)))
            finish_thread(graphs, thread, who=who)
            say("after " + json.dumps(describe(graphs, thread)))
        elif command == "survey":
            survey(graphs, args)
        else:
            raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
