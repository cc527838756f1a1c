"""Answers checked in a process that did not ask the question (a worker asks, the CLI or a web
inbox answers): the check uses the JSON Schema stored with the interrupt, so it needs nothing
from the asking process, and still refuses bad answers before anything is stored."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from human_support import config, footprint
from remote_graphs import GRAPHS, build, open_saver

from signoff.errors import InvalidAnswerError
from signoff.runtime import answers
from signoff.types import Command

HERE = Path(__file__).parent


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "threads.db")
    else:
        yield request.getfixturevalue("pg_schema_url")


def ask_in_another_process(url: str, thread: str, graph: str) -> str:
    """Run the graph in a fresh interpreter up to its question; return the interrupt id."""
    done = subprocess.run(
        [sys.executable, str(HERE / "remote_graphs.py"), url, thread, graph],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    interrupt_id = done.stdout.strip()
    assert interrupt_id not in answers._adapters  # this process never saw the question
    return interrupt_id


def test_an_invalid_typed_answer_is_refused_with_its_field_path(db_url: str) -> None:
    iid = ask_in_another_process(db_url, "t", "ship")
    with open_saver(db_url) as saver:
        graph = build(GRAPHS["ship"], saver)
        before = footprint(saver, "t")
        bad: list[tuple[Any, str]] = [
            ({"address": "Main St 1", "parcels": 0, "pickup": "2030-01-01T10:00:00Z"}, "parcels"),
            ({"address": "Main St 1", "parcels": 2}, "pickup"),
            ({"address": "Main St 1", "parcels": 2, "pickup": "soon"}, "pickup"),
            ({"address": ["Main St 1"], "parcels": 2, "pickup": "2030-01-01"}, "address"),
            ("Main St 1", "(answer)"),
        ]
        for answer, path in bad:
            with pytest.raises(InvalidAnswerError) as caught:
                graph.invoke(Command(resume=answer), config("t"))
            assert (caught.value.path, caught.value.interrupt_id) == (path, iid)
            assert footprint(saver, "t") == before

        good = {"address": "Main St 1", "parcels": 2, "pickup": "2030-01-01T10:00:00Z"}
        result = graph.invoke(Command(resume=good), config("t", answered_by="cli"))
        assert result["value"] == {**good, "pickup": "2030-01-01T10:00:00Z"}
        (record,) = saver.answers("t")
        assert (record.interrupt_id, record.value, record.answered_by) == (iid, good, "cli")


def test_a_decision_type_the_request_does_not_allow_is_refused(db_url: str) -> None:
    iid = ask_in_another_process(db_url, "t", "refund")
    with open_saver(db_url) as saver:
        graph = build(GRAPHS["refund"], saver)
        before = footprint(saver, "t")
        for answer, path in (
            ({"type": "ignore"}, "type"),
            ({"type": "edit"}, "args"),
            ({"type": "response", "args": 3}, "args"),
            ("yes", "(answer)"),
        ):
            with pytest.raises(InvalidAnswerError) as caught:
                graph.invoke(Command(resume={iid: answer}), config("t"))
            assert caught.value.path == path, answer
        assert footprint(saver, "t") == before
        result = graph.invoke(
            Command(resume=[{"type": "response", "args": "too much"}]), config("t")
        )
        assert result["value"] == ["response", None, "too much"]
