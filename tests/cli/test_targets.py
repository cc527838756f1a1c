"""TARGET forms: `file.py:attr` and `package.module:attr`, naming a compiled graph, a `StateGraph`
builder, or a function returning either; the thread remembers it so `answer` works from anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import Workspace, run_cli

PACKAGE_FLOWS = """\
from .shared import builder

graph = builder.compile()


def make():
    return builder
"""

PACKAGE_SHARED = """\
from typing import TypedDict

from signoff.graph import END, START, StateGraph
from signoff.types import interrupt


class State(TypedDict, total=False):
    answer: str


def ask(state: State) -> State:
    return {"answer": interrupt("Package question?")}


builder = StateGraph(State)
builder.add_node("ask", ask)
builder.add_edge(START, "ask")
builder.add_edge("ask", END)
"""


@pytest.fixture
def package(ws: Workspace) -> Path:
    """`pkg/flows.py` importing its builder relatively, so it only loads as a package module."""
    pkg = ws.root / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "shared.py").write_text(PACKAGE_SHARED)
    (pkg / "flows.py").write_text(PACKAGE_FLOWS)
    return pkg


@pytest.mark.parametrize("attr", ["graph", "builder", "make_graph", "make_builder"])
def test_every_kind_of_attribute_runs_and_resumes(ws: Workspace, attr: str) -> None:
    """A compiled graph, a builder, and factories returning either."""
    outcome = ws.start(f"plain_graph.py:{attr}", "--input", '{"topic": "kinds"}')
    assert (outcome["status"], outcome["next"]) == ("interrupted", ["review"])
    answered = ws.signoff("answer", outcome["thread_id"], "--value", "true", "--json")
    assert answered.code == 0, answered.err
    assert answered.json()["values"] == {
        "topic": "kinds",
        "draft": "A note about kinds",
        "approved": True,
    }


def test_file_target_is_stored_absolute_and_answered_from_elsewhere(
    ws: Workspace, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (ws.root / "sub").mkdir()
    outcome = run_cli(
        "run", "../plain_graph.py:graph", "--no-input", "--json", "--db", ws.db, cwd=ws.root / "sub"
    )
    assert outcome.code == 0, outcome.err
    thread = outcome.json()["thread_id"]
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    answered = run_cli("answer", thread, "--value", '"ok"', "--db", ws.db, cwd=elsewhere)
    assert answered.code == 0, answered.err
    shown = ws.signoff("show", thread, "--json").json()
    assert shown["target"] == f"{ws.root / 'plain_graph.py'}:graph"
    assert shown["values"]["approved"] == "ok"


@pytest.mark.parametrize("attr", ["graph", "make"])
def test_package_module_target_answered_from_another_directory(
    ws: Workspace, package: Path, tmp_path_factory: pytest.TempPathFactory, attr: str
) -> None:
    outcome = ws.start(f"pkg.flows:{attr}")
    assert outcome["interrupts"][0]["value"] == "Package question?"
    thread = outcome["thread_id"]
    assert ws.signoff("show", thread, "--json").json()["target"] == f"pkg.flows:{attr}"
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    answered = run_cli("answer", thread, "--value", "yes", "--json", "--db", ws.db, cwd=elsewhere)
    assert answered.code == 0, answered.err
    assert answered.json()["values"] == {"answer": "yes"}


def test_graph_command_draws_a_module_target(ws: Workspace, package: Path) -> None:
    mermaid = ws.cli("graph", "pkg.flows:make", "--format", "mermaid")
    assert mermaid.code == 0, mermaid.err
    assert mermaid.out.startswith(("graph TD", "---", "%%", "flowchart"))
    assert "ask" in mermaid.out and "__start__" in mermaid.out


def test_run_refuses_another_graph_on_an_existing_thread(ws: Workspace) -> None:
    thread = ws.start("plain_graph.py:graph", "--thread", "t-7")["thread_id"]
    before = ws.dump()
    other = ws.signoff("run", "approval_graph.py:graph", "--thread", thread, "--input", "{}")
    assert other.code == 2
    assert other.error_lines == [
        f"error: thread t-7 ran {ws.graph('plain_graph')}:graph, not "
        f"{ws.graph('approval_graph')}:graph; continue it with that target, "
        "or start a new thread (leave out --thread)"
    ]
    assert ws.dump() == before
