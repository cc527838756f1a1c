"""LangGraph's deprecated argument names still work and warn (with LangGraph's warning classes):
`StateGraph(input=, output=, config_schema=)`, `add_node(retry=, input=)`, `@task(retry=)`,
`@entrypoint(retry=, config_schema=)`; so do `Interrupt.interrupt_id` and reading a v2
`GraphOutput` by key. A retry given the old way retries."""

import warnings
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint, task
from signoff.graph import START, StateGraph
from signoff.types import Interrupt, RetryPolicy, interrupt

RETRY = RetryPolicy(initial_interval=0.001, jitter=False, retry_on=ValueError)


class State(TypedDict):
    x: int


class Context(TypedDict):
    user: str


def caught(call: Any) -> object:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            result = call()
        except Exception as error:
            result = {"raises": type(error).__name__, "message": str(error)}
    shown = [
        ([c.__name__ for c in w.category.__mro__[:3]], str(w.message))
        for w in seen
        if issubclass(w.category, DeprecationWarning)
    ]
    return {"result": result, "warned": shown}


def flaky_counter() -> Any:
    calls = {"n": 0}

    def flaky(value: Any) -> int:
        calls["n"] += 1
        if calls["n"] < 3:
            raise ValueError("flaky")
        return calls["n"]

    return flaky


def graph_kwargs() -> object:
    builder = StateGraph(State, input=State, output=State, config_schema=Context)
    builder.add_node("a", lambda state: {"x": state["x"] + 1})
    builder.add_edge(START, "a")
    return [builder.compile().invoke({"x": 1}), builder.context_schema is Context]


def node_retry() -> object:
    flaky = flaky_counter()
    builder = StateGraph(State)
    builder.add_node("a", lambda state: {"x": flaky(state)}, retry=RETRY, input=State)
    builder.add_edge(START, "a")
    return builder.compile().invoke({"x": 0})


def task_retry() -> object:
    flaky = task(retry=RETRY)(flaky_counter())

    @entrypoint()
    def flow(x: int) -> int:
        return flaky(x).result()

    return flow.invoke(1)


def entrypoint_retry() -> object:
    return entrypoint(retry=RETRY, config_schema=Context)(flaky_counter()).invoke(1)


def old_reads() -> object:
    builder = StateGraph(State)
    builder.add_node("ask", lambda state: {"x": interrupt("x?")})
    builder.add_edge(START, "ask")
    graph = builder.compile(checkpointer=InMemorySaver())
    result = graph.invoke({"x": 1}, {"configurable": {"thread_id": "1"}}, version="v2")
    return [
        Interrupt("v", id="abc").interrupt_id,
        result["__interrupt__"],
        "__interrupt__" in result,
        result["x"],
    ]


def run() -> object:
    return {
        "graph kwargs": caught(graph_kwargs),
        "node retry": caught(node_retry),
        "task retry": caught(task_retry),
        "entrypoint retry": caught(entrypoint_retry),
        "old reads": caught(old_reads),
    }
