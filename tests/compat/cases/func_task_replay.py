"""A @task whose result was recorded is not run again on resume (LangGraph #6577/#7780 shapes).

Side effects are counted per scenario: tasks before one or two interrupts in an entrypoint, a task
beside an interrupting task, tasks in a graph node and in a subgraph node, and a nested entrypoint.
"""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

calls: dict[str, int] = {}


def count(name: str) -> None:
    calls[name] = calls.get(name, 0) + 1


@task
def fetch(n: int) -> int:
    count(f"fetch{n}")
    return n * 10


@task
def ask(n: int) -> Any:
    count(f"ask{n}")
    return interrupt(f"q{n}")


@task
def append_and_ask(messages: list[str], text: str) -> Any:
    count(f"append{text}")
    messages.append(text)
    return interrupt(f"int{text}")


@entrypoint(checkpointer=MemorySaver())
def before_interrupt(n: int) -> Any:
    value = fetch(1).result()
    return (value, interrupt("ok?"))


@entrypoint(checkpointer=MemorySaver())
def between_interrupts(n: int) -> Any:
    first = fetch(2).result()
    a = interrupt("first")
    second = fetch(3).result()
    b = interrupt("second")
    return (first, a, second, b)


@entrypoint(checkpointer=MemorySaver())
def beside_interrupting_task(n: int) -> Any:
    plain, asking = fetch(4), ask(5)
    return (plain.result(), asking.result())


@entrypoint(checkpointer=MemorySaver())
def mutable_argument(n: int) -> Any:
    messages: list[str] = []
    answers = [append_and_ask(messages, text).result() for text in "123"]
    return (answers, messages)


class State(TypedDict, total=False):
    out: Any


def node(state: State) -> dict[str, Any]:
    value = fetch(6).result()
    return {"out": (value, interrupt("node?"))}


def graph(as_subgraph: bool) -> Any:
    inner = StateGraph(State)
    inner.add_node("node", node)
    inner.add_edge(START, "node")
    inner.add_edge("node", END)
    if not as_subgraph:
        return inner.compile(checkpointer=MemorySaver())
    outer = StateGraph(State)
    outer.add_node("sub", inner.compile())
    outer.add_edge(START, "sub")
    outer.add_edge("sub", END)
    return outer.compile(checkpointer=MemorySaver())


@entrypoint()
def child(n: int) -> Any:
    value = fetch(7).result()
    return (value, interrupt("child?"))


@entrypoint(checkpointer=MemorySaver())
def parent(n: int) -> Any:
    return child.invoke(n)


def drive(name: str, runnable: Any, first: Any, answers: list[str]) -> object:
    calls.clear()
    config = {"configurable": {"thread_id": name}}
    outputs = [runnable.invoke(first, config)]
    outputs += [runnable.invoke(Command(resume=answer), config) for answer in answers]
    return {"outputs": outputs, "calls": dict(sorted(calls.items()))}


def run() -> object:
    return {
        "before_interrupt": drive("a", before_interrupt, 0, ["yes"]),
        "between_interrupts": drive("b", between_interrupts, 0, ["y1", "y2"]),
        "beside_interrupting_task": drive("c", beside_interrupting_task, 0, ["y"]),
        "mutable_argument": drive("d", mutable_argument, 0, ["a", "b", "c"]),
        "graph_node": drive("e", graph(as_subgraph=False), {}, ["y"]),
        "subgraph_node": drive("f", graph(as_subgraph=True), {}, ["y"]),
        "nested_entrypoint": drive("g", parent, 0, ["y"]),
    }
