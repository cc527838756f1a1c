"""`error_handler=` and `set_node_defaults(error_handler=...)`: a node's failure runs its handler in
the same step, with the node's input and a `NodeError`; the handler's return value updates the
state. The failure is stored, so after a restart the handler runs again, never the failed node.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.errors import InterruptMismatchError, NodeError
from signoff.graph import END, START, StateGraph
from signoff.runtime.handlers import StoredError, revive
from signoff.types import Command, RetryPolicy, interrupt


class State(TypedDict, total=False):
    x: int
    log: Annotated[list[str], operator.add]


@pytest.fixture(params=["memory", "sqlite"])
def saver(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BaseCheckpointSaver]:
    if request.param == "memory":
        yield InMemorySaver()
        return
    with SqliteSaver.from_conn_string(str(tmp_path / "threads.db")) as sqlite:
        yield sqlite


def failing(calls: list[str]) -> Any:
    def charge(state: State) -> dict[str, Any]:
        calls.append("charge")
        raise ValueError(f"card declined for {state['x']}")

    return charge


def notify(state: State) -> dict[str, Any]:
    return {"log": ["notified"]}


def build(saver: BaseCheckpointSaver | None, calls: list[str], handler: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("charge", failing(calls), error_handler=handler)
    builder.add_node("notify", notify)
    builder.add_edge(START, "charge")
    builder.add_edge("charge", "notify")
    builder.add_edge("notify", END)
    return builder.compile(checkpointer=saver)


def test_handler_gets_the_input_and_the_error_and_routes_on(saver: BaseCheckpointSaver) -> None:
    calls: list[str] = []
    received: list[tuple[Any, str, BaseException]] = []

    def recover(state: State, error: NodeError) -> Command[Any]:
        received.append((state, error.node, error.error))
        return Command(update={"log": [f"refunded: {error.error}"]}, goto="notify")

    graph = build(saver, calls, recover)
    config = {"configurable": {"thread_id": "t"}}
    chunks = list(graph.stream({"x": 5, "log": []}, config, stream_mode="updates"))
    assert chunks == [
        {"__error_handler__charge": {"log": ["refunded: card declined for 5"]}},
        {"notify": {"log": ["notified"]}},
    ]
    [(state, node, error)] = received
    assert state == {"x": 5, "log": []}
    assert node == "charge"
    assert isinstance(error, ValueError)
    assert graph.get_state(config).values["log"] == ["refunded: card declined for 5", "notified"]
    history = list(graph.get_state_history(config))
    assert [h.metadata["step"] for h in history] == [2, 1, 0, -1]
    failed_step = history[2]
    assert failed_step.next == ("charge",)
    assert "card declined" in str(failed_step.tasks[0].error)


def test_a_handler_that_does_not_route_ends_the_run() -> None:
    calls: list[str] = []
    graph = build(None, calls, lambda state: {"log": ["gave up"]})
    assert graph.invoke({"x": 1, "log": []}) == {"x": 1, "log": ["gave up"]}


def test_default_handler_covers_nodes_without_their_own() -> None:
    handled: list[str] = []

    def own(state: State, error: NodeError) -> dict[str, Any]:
        handled.append(f"own:{error.node}")
        return {}

    def fallback(state: State, error: NodeError) -> dict[str, Any]:
        handled.append(f"default:{error.node}")
        return {}

    builder = StateGraph(State).set_node_defaults(error_handler=fallback)
    builder.add_node("a", failing([]), error_handler=own)
    builder.add_node("b", failing([]))
    builder.add_edge(START, "a")
    builder.add_edge(START, "b")
    graph = builder.compile()
    graph.invoke({"x": 1})
    assert sorted(handled) == ["default:b", "own:a"]
    assert list(builder.nodes) == ["__error_handler__a", "a", "b", "__default_error_handler__"]
    builder.compile()  # compiling again reuses the default handler node


def test_a_failing_handler_fails_the_run_and_keeps_the_node_failed(
    saver: BaseCheckpointSaver,
) -> None:
    calls: list[str] = []

    def broken(state: State, error: NodeError) -> dict[str, Any]:
        raise RuntimeError(f"handler could not recover from {error.error}")

    graph = build(saver, calls, broken)
    config = {"configurable": {"thread_id": "t"}}
    with pytest.raises(RuntimeError, match="could not recover"):
        graph.invoke({"x": 1, "log": []}, config)
    state = graph.get_state(config)
    assert state.next == ("charge",)
    assert "card declined" in str(state.tasks[0].error)


def test_handler_interrupt_resumes_the_handler_not_the_node(tmp_path: Path) -> None:
    """The failed node had a side effect (a charge): after the handler asks a person and the
    thread resumes in a new graph object on the same database, only the handler runs again."""
    calls: list[str] = []
    errors: list[BaseException] = []

    def ask_operator(state: State, error: NodeError) -> Command[Any]:
        errors.append(error.error)
        choice = interrupt(f"{error.node} failed: {error.error}. Retry or skip?")
        return Command(update={"log": [f"operator: {choice}"]}, goto="notify")

    path = str(tmp_path / "threads.db")
    config = {"configurable": {"thread_id": "t"}}
    with SqliteSaver.from_conn_string(path) as saver:
        paused = build(saver, calls, ask_operator).invoke({"x": 9, "log": []}, config)
    [question] = paused["__interrupt__"]
    assert question.value == "charge failed: card declined for 9. Retry or skip?"
    with SqliteSaver.from_conn_string(path) as saver:
        graph = build(saver, calls, ask_operator)
        assert graph.get_state(config).next == ("charge",)
        done = graph.invoke(Command(resume={question.id: "skip"}), config)
    assert done == {"x": 9, "log": ["operator: skip", "notified"]}
    assert calls == ["charge"]
    first, second = errors  # the original, then one rebuilt from what was stored
    assert type(first) is type(second) is ValueError
    assert (str(first), repr(first)) == (str(second), repr(second))


@pytest.mark.parametrize(
    ("stored", "kind", "text"),
    [
        ("KeyError('sku-1')", KeyError, "'sku-1'"),
        ("ConnectionError(111, 'refused')", ConnectionError, "[Errno 111] refused"),
        ("PaymentError('card declined')", StoredError, "card declined"),
        ("PaymentError(<object at 0x1>)", StoredError, "PaymentError(<object at 0x1>)"),
        ("ValueError(__import__('os').getcwd())", StoredError, "ValueError("),
    ],
)
def test_a_stored_failure_is_revived_without_evaluating_it(
    stored: str, kind: type[BaseException], text: str
) -> None:
    error = revive(stored)
    assert type(error) is kind
    assert repr(error) == stored
    assert str(error).startswith(text)


async def test_async_nodes_and_handlers() -> None:
    async def fails(state: State) -> dict[str, Any]:
        raise KeyError("missing")

    async def recover(state: State, error: NodeError) -> dict[str, Any]:
        return {"log": [f"recovered {type(error.error).__name__}"]}

    builder = StateGraph(State)
    builder.add_node("a", fails, error_handler=recover)
    builder.add_edge(START, "a")
    assert await builder.compile().ainvoke({"log": []}) == {"log": ["recovered KeyError"]}


def test_retries_come_first_and_defaults_reach_handlers() -> None:
    attempts: list[str] = []

    def flaky(state: State) -> dict[str, Any]:
        attempts.append("node")
        raise ConnectionError("down")

    def flaky_handler(state: State, error: NodeError) -> dict[str, Any]:
        attempts.append("handler")
        if attempts.count("handler") < 2:
            raise ConnectionError("still down")
        return {"log": ["handled"]}

    retry = RetryPolicy(max_attempts=2, initial_interval=0.001, jitter=False)
    builder = StateGraph(State).set_node_defaults(retry_policy=retry)
    builder.add_node("a", flaky, error_handler=flaky_handler)
    builder.add_edge(START, "a")
    assert builder.compile().invoke({"log": []}) == {"log": ["handled"]}
    assert attempts == ["node", "node", "handler", "handler"]


def test_interrupts_and_safety_errors_are_not_handled(saver: BaseCheckpointSaver) -> None:
    handled: list[str] = []

    def handler(state: State, error: NodeError) -> dict[str, Any]:
        handled.append(str(error.error))
        return {}

    asked: list[str] = []

    def asks(state: State) -> dict[str, Any]:
        question = "first?" if not asked else "second?"
        asked.append(question)
        return {"log": [interrupt(question)]}

    builder = StateGraph(State)
    builder.add_node("asks", asks, error_handler=handler)
    builder.add_edge(START, "asks")
    graph = builder.compile(checkpointer=saver)
    config = {"configurable": {"thread_id": "t"}}
    assert "__interrupt__" in graph.invoke({"log": []}, config)
    with pytest.raises(InterruptMismatchError):
        graph.invoke(Command(resume="yes"), config)
    with pytest.raises(InterruptMismatchError):  # the node runs again, not the handler
        graph.invoke(None, config)
    assert handled == []
    assert asked == ["first?", "second?", "second?"]


def test_a_parameter_typed_node_error_on_a_plain_node_gets_none() -> None:
    seen: list[object] = []

    def plain(state: State, error: NodeError) -> dict[str, Any]:
        seen.append(error)
        return {}

    builder = StateGraph(State)
    builder.add_node("plain", plain)
    builder.add_edge(START, "plain")
    builder.compile().invoke({"log": []})
    assert seen == [None]


def test_handler_of_a_pydantic_node_gets_the_model() -> None:
    class Order(BaseModel):
        amount: int = 0
        note: str = ""

    def bill(state: Order) -> dict[str, Any]:
        raise ValueError("no")

    def note(state: Order, error: NodeError) -> dict[str, Any]:
        return {"note": f"{type(state).__name__} {state.amount} failed"}

    builder = StateGraph(Order)
    builder.add_node("bill", bill, error_handler=note)
    builder.add_edge(START, "bill")
    assert builder.compile().invoke({"amount": 3}) == {"amount": 3, "note": "Order 3 failed"}
