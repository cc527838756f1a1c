"""`signoff run` in a terminal asks for answers (pexpect drives a real pseudo-terminal)."""

from __future__ import annotations

import re

import pexpect
from cli_helpers import SIGNOFF, Workspace, cli_env


def spawn(ws: Workspace, *args: str, **env: str) -> pexpect.spawn:
    """`signoff ARGS --db DB` on a pseudo-terminal; every expect gives up after 30 s."""
    return pexpect.spawn(
        SIGNOFF,
        [*args, "--db", ws.db],
        cwd=str(ws.root),
        env=cli_env(**env),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


def thread_of(child: pexpect.spawn) -> str:
    child.expect(r"thread: (\S+)")
    return str(child.match.group(1))


def test_accept_in_the_terminal(ws: Workspace) -> None:
    child = spawn(ws, "run", "approval_graph.py:graph", "--input", '{"to": "a@b.c"}', "--by", "ann")
    thread = thread_of(child)
    child.expect("Send the welcome email")
    child.expect(r"decision \[accept/edit/respond\]")
    child.sendline("accept")
    child.expect("done")
    finish(child)
    shown = ws.signoff("show", thread, "--json").json()
    assert shown["values"]["decision"] == {"type": "accept"}
    assert shown["answers"][0]["answered_by"] == "ann"


def test_edit_in_the_terminal(ws: Workspace) -> None:
    child = spawn(ws, "run", "approval_graph.py:graph", "--input", '{"to": "a@b.c"}')
    thread = thread_of(child)
    child.expect("decision")
    child.sendline("edit")
    child.expect(re.escape('new args (JSON object) ({"to": "a@b.c", "subject": "Hi"})'))
    child.sendline('{"to": "z@z.z"')
    child.expect("not valid JSON")
    child.expect("new args")
    child.sendline('{"to": "z@z.z", "subject": "Hey"}')
    child.expect("done")
    finish(child)
    decision = ws.signoff("show", thread, "--json").json()["values"]["decision"]
    assert decision == {"type": "edit", "args": {"to": "z@z.z", "subject": "Hey"}}


def test_schema_form_in_the_terminal(ws: Workspace) -> None:
    child = spawn(ws, "run", "form_graph.py:graph")
    thread = thread_of(child)
    child.expect("Who are you")
    child.expect("Name")
    child.sendline("")
    child.expect("Name is required")
    child.expect("Name")
    child.sendline("Ann Lee")
    child.expect(r"Age \(integer\)")
    child.sendline("old")
    child.expect("'old' is not a whole number")
    child.expect("Age")
    child.sendline("41")
    child.expect(r"Color \[red/blue\]")
    child.sendline("blue")
    child.expect("Note")
    child.sendline("")
    child.expect("done")
    finish(child)
    details = ws.signoff("show", thread, "--json").json()["values"]["details"]
    assert details == {"name": "Ann Lee", "age": 41, "color": "blue"}


def test_plain_json_answer_in_the_terminal(ws: Workspace) -> None:
    child = spawn(ws, "run", "plain_graph.py:graph", "--input", '{"topic": "tea"}')
    thread = thread_of(child)
    child.expect("A note about tea")
    child.expect("answer")
    child.sendline('{"ok": true, "by": [1, 2]}')
    child.expect("done")
    finish(child)
    approved = ws.signoff("show", thread, "--json").json()["values"]["approved"]
    assert approved == {"ok": True, "by": [1, 2]}


def test_end_of_input_leaves_the_question_pending(ws: Workspace) -> None:
    child = spawn(ws, "run", "plain_graph.py:graph")
    thread = thread_of(child)
    child.expect("answer")
    child.sendeof()
    out = finish(child)
    assert "end of input: nothing was answered" in out
    assert "paused" in out and f"signoff answer {thread} --db {ws.db}" in out
    assert ws.signoff("inbox", "--json").json()[0]["thread_id"] == thread


def test_no_input_flag_never_prompts(ws: Workspace) -> None:
    child = spawn(ws, "run", "plain_graph.py:graph", "--no-input")
    thread_of(child)
    out = finish(child)
    assert "paused" in out and "--value" in out


def test_breakpoint_asks_to_continue(ws: Workspace) -> None:
    child = spawn(ws, "run", "plain_graph.py:paused_graph")
    thread_of(child)
    child.expect(r"paused before review; continue\?")
    child.sendline("y")
    child.expect("answer")
    child.sendline("true")
    child.expect("done")
    finish(child)


def test_approve_respond_then_a_nested_form(ws: Workspace) -> None:
    """`signoff.human.approve` offers what its config allows; `ask` with a nested Pydantic schema
    becomes a form, and an answer the schema refuses is asked again with its field path."""
    child = spawn(ws, "run", "human_graph.py:graph", "--by", "bo")
    thread = thread_of(child)
    child.expect(r"question \(pay\): Pay the invoice\?")
    child.expect(re.escape("decision [accept/edit/respond/ignore] (accept):"))
    child.sendline("respond")
    child.expect("response:")
    child.sendline("")
    child.expect("a response is required")
    child.sendline("next week")
    child.expect(r"question \(register\): Where do you live\?")
    child.expect("Name")
    child.sendline("Ann")
    child.expect("Address > City")
    child.sendline("Oslo")
    child.expect("Address > Zip")
    child.sendline("12")
    child.expect("invalid answer")
    child.expect("address.zip")
    child.expect("Name")
    child.sendline("Ann")
    child.expect("City")
    child.sendline("Oslo")
    child.expect("Zip")
    child.sendline("01234")
    child.expect("done")
    finish(child)
    shown = ws.signoff("show", thread, "--json").json()
    assert shown["values"] == {
        "decision": {"kind": "response", "args": None, "response": "next week"},
        "person": {"name": "Ann", "address": {"city": "Oslo", "zip": "01234"}},
    }
    assert [a["answered_by"] for a in shown["answers"]] == ["bo", "bo"]


def test_ctrl_c_at_a_prompt_leaves_the_question_pending(ws: Workspace) -> None:
    child = spawn(ws, "run", "human_graph.py:graph")
    thread = thread_of(child)
    child.expect("decision")
    child.sendline("ignore")
    child.expect("Name")
    child.sendintr()
    child.expect(f"paused: thread {thread} waits for 1 answer")
    child.expect(f"signoff answer {thread} --db {ws.db}")
    child.expect("interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "Traceback" not in str(child.before)
    shown = ws.signoff("show", thread, "--json").json()
    assert shown["values"]["decision"] == {"kind": "ignore", "args": None, "response": None}
    assert [i["node"] for i in shown["interrupts"]] == ["register"]


def test_spinner_while_a_step_runs(ws: Workspace) -> None:
    """On a real terminal a spinner shows while a step works, then the node's name."""
    child = spawn(ws, "run", "wait_graph.py:graph", TERM="xterm")
    thread_of(child)
    child.expect("running")
    (ws.root / "go").write_text("")
    child.expect("✓ wait")
    child.expect("done")
    finish(child)


def test_ctrl_c_while_a_step_runs_exits_130(ws: Workspace) -> None:
    child = spawn(ws, "run", "wait_graph.py:graph", "--thread", "slow", TERM="xterm")
    child.expect("running")
    child.sendintr()
    child.expect("error: interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in str(child.before)
    (ws.root / "go").write_text("")
    resumed = ws.signoff("run", "wait_graph.py:graph", "--thread", "slow", "--json")
    assert resumed.code == 0, resumed.err
    assert resumed.json()["values"] == {"waited": True}


def test_prompts_reach_the_terminal_when_stdout_is_a_file(ws: Workspace) -> None:
    """`signoff run ... > out.txt`: the question and prompt go to the terminal (stderr), the
    result to the file."""
    command = f"exec {SIGNOFF} run plain_graph.py:graph --thread f --db {ws.db} > out.txt"
    child = pexpect.spawn(
        "bash",
        ["-c", command],
        cwd=str(ws.root),
        env=cli_env(),
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 200),
    )
    child.expect("Approve the draft: A note about nothing")
    child.expect("answer")
    child.sendline("true")
    finish(child)
    written = (ws.root / "out.txt").read_text()
    assert "thread: f" in written and "done: thread f" in written
    assert "Approve the draft" not in written and "answer (JSON" not in written
