"""A thread paused in one process is resumed in another: process A starts it, answers some questions
and exits at the next pause; process B finds the state, the history, the answers and the pending
question exactly as A left them, answers the rest and finishes; this process then reads the same
thread and finds it as an uninterrupted run would have left it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from durability_checks import assert_finished_as_reference, reference_run
from durability_procs import Child
from durability_workload import Graphs, describe, open_saver


def described(child: Child, label: str) -> Any:
    return json.loads(child.expect(label + " ").removeprefix(label + " "))


@pytest.mark.parametrize(
    ("thread", "answers", "asking"),
    [("review-00", 2, "Notify whom?"), ("flow-00", 1, "How much?")],
    ids=["state-graph", "entrypoint"],
)
def test_a_thread_paused_in_one_process_resumes_in_another(
    store: tuple[str, str], tmp_path: Path, thread: str, answers: int, asking: str
) -> None:
    kind, url = store
    ref = reference_run([thread], tmp_path / "reference-log")
    log_dir = tmp_path / "log"
    log_dir.mkdir()

    with Child(kind, url, str(log_dir), "advance", thread, str(answers), "alice") as a:
        a.expect("ready")
        paused = described(a, "paused")
        a.finish()
    ((interrupt_id, question),) = paused["interrupts"]
    assert question["question"] == asking
    assert paused["pending"] == [[interrupt_id, paused["next"][0], question]]
    assert [by for _, _, by in paused["answers"]] == ["alice"] * answers
    assert paused["history"]

    with Child(kind, url, str(log_dir), "resume", thread, "bob") as b:
        before = described(b, "before")
        after = described(b, "after")
        b.finish()
    assert before == paused
    assert after["answers"][:answers] == paused["answers"]
    assert [by for _, _, by in after["answers"][answers:]] == ["bob"] * (
        len(ref.answers[thread]) - answers
    )
    assert after["history"][-len(paused["history"]) :] == paused["history"]
    assert (after["next"], after["interrupts"], after["pending"]) == ([], [], [])

    with open_saver(kind, url) as saver:
        graphs = Graphs(saver, log_dir)
        assert json.loads(json.dumps(describe(graphs, thread))) == after
        assert_finished_as_reference(graphs, thread, ref, log_dir)
