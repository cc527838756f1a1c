"""Several real processes on one SQLite file: exactly-once answers, concurrent writers, resuming
from another process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

import pytest

from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.testing._support import Chain, config, interrupt_record
from signoff.constants import RESUME

ANSWERER = r"""
import json, sys
from signoff.checkpoint.base import AnswerRecord
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.errors import InterruptAlreadyAnsweredError

name = sys.argv[2]
with SqliteSaver.from_conn_string(sys.argv[1]) as saver:
    print("ready", flush=True)
    for line in sys.stdin:
        r = json.loads(line)
        at = {"configurable": {"thread_id": r["thread"], "checkpoint_ns": "",
                               "checkpoint_id": r["checkpoint_id"]}}
        answer = AnswerRecord(r["thread"], "", r["checkpoint_id"], r["task_id"],
                              r["interrupt_id"], {"by": name}, answered_by=name)
        try:
            saver.put_answers(at, [answer])
            print("won", flush=True)
        except InterruptAlreadyAnsweredError:
            print("lost", flush=True)
"""

WRITER = r"""
import sys
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.checkpoint.testing._support import Chain, config

path, name = sys.argv[1], sys.argv[2]
with SqliteSaver.from_conn_string(path) as saver:
    chain = Chain(saver, name)
    for i in range(40):
        chain.put({"i": i, "by": name})
        saver.put_writes(chain.head, [("i", i + 1)], f"task-{i}")
        saver.list_threads()
    print(len(list(saver.list(config(name)))), flush=True)
"""


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_line(stream: IO[str] | None) -> str:
    assert stream is not None
    return stream.readline().strip()


def finish(procs: list[subprocess.Popen[str]]) -> None:
    for p in procs:
        _, err = p.communicate(timeout=60)  # closes stdin: the process reads EOF and exits
        assert p.returncode == 0, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "threads.db")


def test_two_processes_answering_one_interrupt_exactly_one_wins(db: str) -> None:
    with SqliteSaver.from_conn_string(db) as saver:
        answerers = [spawn(ANSWERER, db, name) for name in ("alice", "bob")]
        try:
            assert [read_line(p.stdout) for p in answerers] == ["ready", "ready"]
            winners = []
            for round_ in range(25):
                thread = f"t{round_}"
                at = Chain(saver, thread).put({"a": round_})
                rec = interrupt_record(at, "task-1")
                saver.put_interrupts(at, "task-1", [rec])
                line = json.dumps(
                    {
                        "thread": thread,
                        "checkpoint_id": rec.checkpoint_id,
                        "task_id": rec.task_id,
                        "interrupt_id": rec.interrupt_id,
                    }
                )
                for p in answerers:
                    assert p.stdin is not None
                    p.stdin.write(line + "\n")
                    p.stdin.flush()
                outcomes = [read_line(p.stdout) for p in answerers]
                assert sorted(outcomes) == ["lost", "won"], outcomes
                winner = ("alice", "bob")[outcomes.index("won")]
                winners.append(winner)
                audit = saver.answers(thread)
                assert [(a.answered_by, a.value) for a in audit] == [(winner, {"by": winner})]
                latest = saver.get_tuple(config(thread))
                assert latest is not None
                resumes = [w for w in latest.pending_writes or [] if w[1] == RESUME]
                assert resumes == [("task-1", RESUME, {rec.interrupt_id: {"by": winner}})]
                assert saver.pending_interrupts(thread_id=thread) == []
        finally:
            finish(answerers)


def test_processes_write_the_same_file_at_once(db: str) -> None:
    writers = [spawn(WRITER, db, f"w{n}") for n in range(4)]
    results: list[Any] = []
    for p in writers:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        results.append(out.strip())
    assert results == ["40"] * 4
    with SqliteSaver.from_conn_string(db) as saver:
        for n in range(4):
            latest = saver.get_tuple(config(f"w{n}"))
            assert latest is not None
            assert latest.checkpoint["channel_values"] == {"i": 39, "by": f"w{n}"}
            assert latest.pending_writes == [("task-39", "i", 40)]
        assert sorted(t.thread_id for t in saver.list_threads()) == [f"w{n}" for n in range(4)]
