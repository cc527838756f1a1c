"""Recorded @task results survive a pause under every durability mode ("sync", "async", "exit").

With durability="exit" nothing is checkpointed between steps, but the pause still saves what the
tasks returned, so a resume must not run them again.
"""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.types import Command, Send, interrupt

calls: dict[str, int] = {}


def count(name: str) -> None:
    calls[name] = calls.get(name, 0) + 1


@task
def fetch(n: int) -> int:
    count(f"fetch{n}")
    return n * 10


@entrypoint(checkpointer=MemorySaver())
def workflow(n: int) -> Any:
    value = fetch(1).result()
    return (value, interrupt("ok?"))


class State(TypedDict, total=False):
    out: Annotated[list[Any], operator.add]


def node(state: State) -> dict[str, Any]:
    first = fetch(2).result()
    a = interrupt("one?")
    second = fetch(3).result()
    b = interrupt("two?")
    return {"out": [first, a, second, b]}


def worker(arg: dict[str, int]) -> dict[str, Any]:
    value = fetch(arg["n"]).result()
    return {"out": [value, interrupt(f"w{arg['n']}")]}


def node_graph() -> Any:
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile(checkpointer=MemorySaver())


def send_graph() -> Any:
    builder = StateGraph(State)
    builder.add_node("plan", lambda state: {})
    builder.add_node("worker", worker)
    builder.add_edge(START, "plan")
    builder.add_conditional_edges(
        "plan", lambda state: [Send("worker", {"n": n}) for n in (4, 5)], ["worker"]
    )
    builder.add_edge("worker", END)
    return builder.compile(checkpointer=MemorySaver())


def run() -> object:
    observed: dict[str, object] = {}
    for durability in ("sync", "async", "exit"):
        calls.clear()
        config = {"configurable": {"thread_id": f"ep-{durability}"}}
        outputs = [
            workflow.invoke(0, config, durability=durability),
            workflow.invoke(Command(resume="y"), config, durability=durability),
        ]
        observed[f"entrypoint-{durability}"] = (outputs, dict(sorted(calls.items())))
        calls.clear()
        graph = node_graph()
        config = {"configurable": {"thread_id": f"node-{durability}"}}
        outputs = [graph.invoke({}, config, durability=durability)]
        for answer in ("A", "B"):
            outputs.append(graph.invoke(Command(resume=answer), config, durability=durability))
        observed[f"node-{durability}"] = (outputs, dict(sorted(calls.items())))
        calls.clear()
        graph = send_graph()
        config = {"configurable": {"thread_id": f"send-{durability}"}}
        graph.invoke({}, config, durability=durability)
        pending = graph.get_state(config).interrupts
        done = graph.invoke(
            Command(resume={i.id: i.value.upper() for i in pending}), config, durability=durability
        )
        observed[f"send-{durability}"] = (
            sorted(i.value for i in pending),
            sorted(done["out"], key=str),
            dict(sorted(calls.items())),
        )
    return observed
