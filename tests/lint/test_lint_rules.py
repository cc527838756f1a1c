"""Rule behaviour seen through `lint_source`: messages, positions, noqa, selection, errors."""

from __future__ import annotations

import textwrap

import pytest

import signoff.lint
from signoff.lint import Finding, LintError, lint_source


def lint(code: str, select: set[str] | None = None) -> list[Finding]:
    return lint_source(textwrap.dedent(code), "node.py", select=select)


def codes(code: str) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint(code)]


def test_facade_lists_exactly_its_public_names() -> None:
    public = {name for name in vars(signoff.lint) if not name.startswith("_")}
    modules = {"checker", "cli", "context", "effects", "flow", "ordering", "payload", "rules"}
    modules |= {"stability", "swallow"}
    assert set(signoff.lint.__all__) == public - modules


def test_so101_message_depends_on_how_broad_the_handler_is() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            try:
                interrupt("a")
            except Exception:
                pass
            try:
                interrupt("b")
            except BaseException:
                pass
    """
    first, second = lint(src)
    assert "under LangGraph it swallows the pause" in first.message
    assert "(line 6)" in first.message
    assert "InterruptSwallowedError" in second.message


def test_so101_outer_try_catches_what_inner_reraises() -> None:
    src = """
        from signoff.types import interrupt
        def node(state):
            try:
                try:
                    interrupt("a")
                except BaseException:
                    raise
            except Exception:
                return None
    """
    assert codes(src) == [(6, "SO101")]


def test_interrupt_name_bound_to_something_else_is_not_a_pause() -> None:
    src = """
        from mylib import interrupt
        def node(state):
            try:
                interrupt("a")
            except Exception:
                pass
    """
    assert codes(src) == []


def test_so102_reports_the_conditional_call_and_the_one_after_it() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            a = interrupt("a")
            if state["x"]:
                b = interrupt("b")
            c = interrupt("c")
    """
    (finding,) = lint(src)
    assert (finding.line, finding.col, finding.code) == (6, 13, "SO102")
    assert "`if state['x']`" in finding.message and "line 7" in finding.message


def test_so102_condition_from_a_parameter_default_or_global_is_unstable() -> None:
    src = """
        from langgraph.types import interrupt
        FLAG = load_flag()
        def node(state):
            if FLAG:
                interrupt("a")
            interrupt("b")
    """
    assert codes(src) == [(6, "SO102")]


def test_so102_condition_on_module_constant_is_stable() -> None:
    src = """
        from langgraph.types import interrupt
        ASK_TWICE = True
        def node(state):
            if ASK_TWICE:
                interrupt("a")
            interrupt("b")
    """
    assert codes(src) == []


def test_so102_return_after_conditional_call_blocks_the_later_one() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            if state["x"]:
                a = interrupt("a")
                return {"a": a}
            b = interrupt("b")
            return {"b": b}
    """
    assert codes(src) == []


def test_so103_column_counts_characters_not_bytes() -> None:
    src = 'from langgraph.types import interrupt\nx = interrupt({"é": "ü", "f": lambda: 1})\n'
    (finding,) = lint_source(src, "n.py")
    assert (finding.line, finding.col) == (2, 31)  # 33 if bytes were counted


def test_so104_only_calls_that_run_before_a_pause() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            send_email(interrupt("to whom?"))
            notify_user(state["id"])
            return {}
    """
    assert codes(src) == []


def test_so104_side_effect_inside_the_payload_runs_before_the_pause() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            return interrupt({"ticket": create_ticket(state["title"])})
    """
    assert codes(src) == [(4, "SO104")]


def test_noqa_on_last_line_of_a_multiline_call_and_case_insensitive() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            send_sms(
                state["phone"],
            )  # noqa: so104
            publish_event("x")  # NOQA:SO101,SO104
            return interrupt("ok?")
    """
    assert codes(src) == []


def test_noqa_inside_a_string_does_not_count() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            send_sms("# noqa")
            return interrupt("ok?")
    """
    assert codes(src) == [(4, "SO104")]


def test_select_limits_codes() -> None:
    src = """
        from langgraph.types import interrupt
        def node(state):
            send_sms(state["phone"])
            return interrupt({"f": lambda: 1})
    """
    assert [f.code for f in lint(src)] == ["SO104", "SO103"]
    assert [f.code for f in lint(src, select={"SO103"})] == ["SO103"]


def test_syntax_error_is_one_line_naming_path_and_position() -> None:
    with pytest.raises(LintError) as info:
        lint_source("def f(:\n    pass\n", "bad.py")
    message = str(info.value)
    assert message.startswith("bad.py:1:") and "syntax error" in message
    assert "\n" not in message


def test_finding_prints_ruff_style() -> None:
    finding = Finding("a.py", 3, 5, "SO101", "msg")
    assert str(finding) == "a.py:3:5: SO101 msg"
    assert finding.to_dict() == {
        "path": "a.py",
        "line": 3,
        "col": 5,
        "code": "SO101",
        "message": "msg",
    }
