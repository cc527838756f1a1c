"""The pause signal cannot be swallowed by ordinary error handling, and swallowing it on purpose
is detected (DESIGN.md section 3, issue 6 "Run-time checks")."""

from __future__ import annotations

from typing import Any

import pytest
from human_support import Parallel, State, config, footprint, one_node

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.errors import GraphInterrupt, InterruptSwallowedError
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


def test_graph_interrupt_is_a_base_exception_and_not_an_exception() -> None:
    assert issubclass(GraphInterrupt, BaseException)
    assert not issubclass(GraphInterrupt, Exception)


def test_except_exception_around_interrupt_cannot_swallow_the_pause(
    saver: BaseCheckpointSaver,
) -> None:
    handled: list[BaseException] = []

    def node(state: State) -> State:
        try:
            answer = interrupt("Approve?")
        except Exception as error:  # the seed's BAD example
            handled.append(error)
            answer = "swallowed"
        return {"value": answer}

    graph = one_node(node, saver)
    paused = graph.invoke({}, config("t"))
    assert [i.value for i in paused["__interrupt__"]] == ["Approve?"]
    assert graph.invoke(Command(resume="yes"), config("t")) == {"value": "yes"}
    assert handled == []


def test_except_base_exception_that_reraises_pauses_and_runs_its_cleanup(
    saver: BaseCheckpointSaver,
) -> None:
    cleanups: list[str] = []

    def node(state: State) -> State:
        try:
            answer = interrupt("Approve?")
        except BaseException:
            cleanups.append("released lock")
            raise
        return {"value": answer}

    graph = one_node(node, saver)
    assert "__interrupt__" in graph.invoke({}, config("t"))
    assert cleanups == ["released lock"]
    assert graph.invoke(Command(resume=True), config("t")) == {"value": True}
    assert cleanups == ["released lock"]  # the re-run got its answer, nothing was raised


def test_a_helper_that_catches_exception_does_not_swallow_the_pause(
    saver: BaseCheckpointSaver,
) -> None:
    def confirm(question: str) -> bool:
        try:
            return interrupt(question) == "yes"
        except Exception:
            return False

    def node(state: State) -> State:
        return {"value": confirm("Ship it?")}

    graph = one_node(node, saver)
    assert [i.value for i in graph.invoke({}, config("t"))["__interrupt__"]] == ["Ship it?"]
    assert graph.invoke(Command(resume="yes"), config("t")) == {"value": True}


def _swallow_bare(state: State) -> State:
    try:
        interrupt("Approve?")
    except:  # noqa: E722  # the point of the test
        pass
    return {"value": "went on anyway"}


def _swallow_base_exception(state: State) -> State:
    try:
        interrupt("Approve?")
    except BaseException:
        return {"value": "went on anyway"}
    return {"value": "unreachable"}


def _swallow_in_helper(state: State) -> State:
    def ask_quietly() -> Any:
        try:
            return interrupt("Approve?")
        except BaseException:
            return None

    return {"value": ask_quietly()}


@pytest.mark.parametrize("node", [_swallow_bare, _swallow_base_exception, _swallow_in_helper])
def test_a_swallowed_interrupt_raises_interrupt_swallowed_error_naming_the_node(
    saver: BaseCheckpointSaver, node: Any
) -> None:
    graph = one_node(node, saver, name="review_refund")
    with pytest.raises(InterruptSwallowedError, match="'review_refund'") as caught:
        graph.invoke({}, config("t"))
    assert caught.value.node == "review_refund"
    assert isinstance(caught.value, RuntimeError)
    assert "value" not in graph.get_state(config("t")).values  # the node's return was not applied


async def test_a_swallowed_interrupt_is_detected_in_async_nodes_too() -> None:
    from signoff.checkpoint.memory import InMemorySaver

    async def node(state: State) -> State:
        try:
            interrupt("Approve?")
        except BaseException:
            pass
        return {"value": 1}

    graph = one_node(node, InMemorySaver(), name="async_node")
    with pytest.raises(InterruptSwallowedError, match="'async_node'"):
        await graph.ainvoke({}, config("t"))


def test_a_swallowed_interrupt_in_a_task_is_detected(saver: BaseCheckpointSaver) -> None:
    @task
    def ask_inside() -> Any:
        try:
            return interrupt("Approve?")
        except BaseException:
            return "swallowed"

    @entrypoint(checkpointer=saver)
    def workflow(value: int) -> Any:
        return ask_inside().result()

    with pytest.raises(InterruptSwallowedError):
        workflow.invoke(1, config("t"))


def test_an_entrypoint_swallowing_its_tasks_pause_is_detected(saver: BaseCheckpointSaver) -> None:
    @task
    def ask() -> Any:
        return interrupt("Approve?")

    @entrypoint(checkpointer=saver)
    def workflow(value: int) -> Any:
        try:
            return ask().result()
        except BaseException:
            return "swallowed"

    with pytest.raises(InterruptSwallowedError, match="'workflow'"):
        workflow.invoke(1, config("t"))


def test_tasks_started_together_pause_one_after_the_other(saver: BaseCheckpointSaver) -> None:
    @task
    def ask(x: int) -> Any:
        return interrupt(f"q{x}")

    @entrypoint(checkpointer=saver)
    def workflow(xs: list[int]) -> Any:
        futures = [ask(x) for x in xs]
        return [f.result() for f in futures]

    first = workflow.invoke([1, 2], config("t"))
    assert [i.value for i in first["__interrupt__"]] == ["q1"]
    second = workflow.invoke(Command(resume="a1"), config("t"))
    assert [i.value for i in second["__interrupt__"]] == ["q2"]
    assert workflow.invoke(Command(resume="a2"), config("t")) == ["a1", "a2"]


def test_catching_other_errors_after_a_swallowed_interrupt_still_surfaces_them(
    saver: BaseCheckpointSaver,
) -> None:
    """Swallowing the signal and then failing is an ordinary error, reported as itself."""

    def node(state: State) -> State:
        try:
            interrupt("Approve?")
        except BaseException as error:
            raise ValueError("could not ask") from error
        return {}

    graph = one_node(node, saver)
    with pytest.raises(ValueError, match="could not ask"):
        graph.invoke({}, config("t"))
    assert footprint(saver, "t").pending == []


def test_a_pause_in_one_parallel_branch_is_not_lost_to_a_failure_handler_in_another(
    saver: BaseCheckpointSaver,
) -> None:
    def asks(state: Parallel) -> Parallel:
        try:
            return {"log": [interrupt("Approve?")]}
        except Exception:
            return {"log": ["swallowed"]}

    def works(state: Parallel) -> Parallel:
        return {"log": ["worked"]}

    builder = StateGraph(Parallel)
    builder.add_node("asks", asks)
    builder.add_node("works", works)
    builder.add_edge(START, "asks")
    builder.add_edge(START, "works")
    builder.add_edge("asks", END)
    builder.add_edge("works", END)
    graph = builder.compile(checkpointer=saver)
    paused = graph.invoke({"log": []}, config("t"))
    assert [i.value for i in paused["__interrupt__"]] == ["Approve?"]
    assert graph.get_state(config("t")).next == ("asks",)


def test_a_swallowed_interrupt_followed_by_another_pause_is_detected_at_once(
    memory: BaseCheckpointSaver,
) -> None:
    def node(state: State) -> State:
        try:
            first = interrupt("First?")
        except BaseException:
            first = None
        return {"value": [first, interrupt("Second?")]}

    with pytest.raises(InterruptSwallowedError):
        one_node(node, memory).invoke({}, config("t"))
