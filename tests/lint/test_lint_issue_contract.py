"""`signoff lint` against the letter of its issue: what each rule flags and passes, the output
contract, and that the linted code is only read, never imported or run."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from signoff.lint import lint_file, lint_source


def codes(source: str) -> list[str]:
    return [f.code for f in lint_source(textwrap.dedent(source), "node.py")]


def before_pause(call: str, imports: str = "") -> str:
    return f"{imports}\nfrom langgraph.types import interrupt\n\ndef node(state):\n    {call}\n    return interrupt('ok?')\n"


@pytest.mark.parametrize(
    "call",
    [
        "db.create_audit_log({'action': 'pending'})",  # the seed's BAD example
        "db.insert_row(1)",
        "db.insert(1)",
        "cart.add_item(1)",
        "ledger.append_entry(1)",
        "mailer.send_email(1)",
        "client.post_comment(1)",
        "stripe.charge_card(1)",
        "bus.publish_event(1)",
        "jobs.enqueue_report(1)",
        "createUser(1)",
        "sendNotification(1)",
    ],
)
def test_so104_flags_names_that_create_or_append(call: str) -> None:
    assert codes(before_pause(call)) == ["SO104"]


@pytest.mark.parametrize(
    "call",
    [
        "db.upsert_user(user_id=state['user_id'], status='pending')",  # the seed's GOOD example
        "cache.set_status('pending')",
        "store.put_item(1)",
        "store.put(1)",
        "db.get_user(1)",
        "Profile.objects.update_or_create(user_id=1)",
        "print('asking')",
    ],
)
def test_so104_passes_idempotent_names(call: str) -> None:
    assert codes(before_pause(call)) == []


@pytest.mark.parametrize(
    ("call", "imports"),
    [
        ("requests.post('https://x/audit')", "import requests"),
        ("requests.put('https://x/users/1', json={})", "import requests"),
        ("httpx.patch('https://x/users/1')", "import httpx"),
        ("requests.request('POST', 'https://x')", "import requests"),
        ("open('audit.log', 'a').close()", ""),
        ("Path('out.txt').write_text('x')", "from pathlib import Path"),
        ("subprocess.run(['git', 'tag', 'v1'])", "import subprocess"),
        ("os.system('make deploy')", "import os"),
    ],
)
def test_so104_flags_http_writes_file_writes_and_subprocesses(call: str, imports: str) -> None:
    assert codes(before_pause(call, imports)) == ["SO104"]


@pytest.mark.parametrize(
    ("call", "imports"),
    [
        ("requests.get('https://x/users/1')", "import requests"),
        ("requests.request('GET', 'https://x')", "import requests"),
        ("open('config.json').read()", ""),
    ],
)
def test_so104_passes_reads(call: str, imports: str) -> None:
    assert codes(before_pause(call, imports)) == []


def test_so104_side_effect_inside_a_task_or_after_the_pause_passes() -> None:
    source = """
        from langgraph.func import task
        from langgraph.types import interrupt

        @task
        def log_request(order):
            return db.create_audit_log(order)

        def node(state):
            log_request(state["order"]).result()
            approved = interrupt("Approve?")
            db.create_refund(state["order"])
            return {"approved": approved}
        """
    assert codes(source) == []


@pytest.mark.parametrize(
    ("handler", "flagged"),
    [
        ("except Exception:", True),
        ("except BaseException:", True),
        ("except:", True),
        ("except (ValueError, Exception):", True),
        ("except ValueError:", False),
        ("except ConnectionError as e:", False),
    ],
)
def test_so101_flags_handlers_that_catch_exception_base_exception_or_everything(
    handler: str, flagged: bool
) -> None:
    source = f"""
        from langgraph.types import interrupt
        def node(state):
            try:
                answer = interrupt("Approve?")
            {handler}
                answer = None
            return {{"answer": answer}}
        """
    assert codes(source) == (["SO101"] if flagged else [])


@pytest.mark.parametrize(
    "payload",
    [
        "{'validator': lambda x: len(x) > 0}",
        "{'tags': {'a', 'b'}}",
        "(line for line in state['lines'])",
        "{'file': open('report.pdf', 'rb')}",
        "Ticket(state['title'])",
    ],
    ids=["lambda", "set", "generator", "open-file", "local-class"],
)
def test_so103_flags_payloads_that_are_not_json_by_construction(payload: str) -> None:
    source = f"""
        from langgraph.types import interrupt
        class Ticket:
            def __init__(self, title):
                self.title = title
        def node(state):
            return interrupt({payload})
        """
    assert codes(source) == ["SO103"]


def test_so103_passes_plain_json_payloads() -> None:
    source = """
        from langgraph.types import interrupt
        def node(state):
            a = interrupt("What's your name?")
            b = interrupt({"question": "Approve?", "details": [1, 2.5, None, True]})
            return interrupt(42)
        """
    assert codes(source) == []


def test_so102_flags_a_skippable_interrupt_that_shifts_a_later_one() -> None:
    bad = """
        from langgraph.types import interrupt
        def node(state):
            name = interrupt("What's your name?")
            if state.get("needs_age"):
                age = interrupt("What's your age?")
            city = interrupt("What's your city?")
            return {"name": name, "city": city}
        """
    last = """
        from langgraph.types import interrupt
        def node(state):
            name = interrupt("What's your name?")
            if state.get("needs_age"):  # nothing after it can move
                age = interrupt("What's your age?")
            return {"name": name}
        """
    good = """
        from langgraph.types import interrupt
        def node(state):
            name = interrupt("What's your name?")
            age = interrupt("What's your age?")
            return {"name": name, "age": age}
        """
    assert codes(bad) == ["SO102"]
    assert codes(good) == []
    assert codes(last) == []


def test_noqa_silences_only_the_codes_it_names() -> None:
    source = """
        from langgraph.types import interrupt
        def node(state):
            db.create_audit_log(state)
            try:
                interrupt({"check": lambda x: x})  # noqa: SO101
            except Exception:
                pass
        """
    assert sorted(codes(source)) == ["SO103", "SO104"]


def test_linting_never_imports_or_runs_the_code(tmp_path: Path) -> None:
    marker = tmp_path / "imported"
    module = tmp_path / "graph.py"
    module.write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
        "import module_that_does_not_exist\n" + before_pause("db.create_audit_log(1)"),
        encoding="utf-8",
    )
    (finding,) = lint_file(module)
    assert finding.code == "SO104"
    done = subprocess.run(
        [sys.executable, "-m", "signoff.lint", "--format", "json", str(module)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    (reported,) = json.loads(done.stdout)
    assert set(reported) == {"path", "line", "col", "code", "message"}
    assert (reported["path"], reported["code"]) == (str(module), "SO104")
    assert not marker.exists()
