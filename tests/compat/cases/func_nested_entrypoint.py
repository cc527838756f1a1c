"""A child @entrypoint(checkpointer=True) invoked from a parent entrypoint, paused and resumed."""

from typing import Any

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt

calls: dict[str, int] = {}


@task
def fetch(n: int) -> int:
    calls[f"fetch{n}"] = calls.get(f"fetch{n}", 0) + 1
    return n * 10


@entrypoint(checkpointer=True)
def child(n: int) -> Any:
    value = fetch(2).result()
    return (value, interrupt("child?"))


@entrypoint(checkpointer=MemorySaver())
def parent(n: int) -> Any:
    before = fetch(1).result()
    return (before, child.invoke(n))


def run() -> object:
    calls.clear()
    config = {"configurable": {"thread_id": "nested"}}
    paused = parent.invoke(0, config)
    state = parent.get_state(config)
    done = parent.invoke(Command(resume="yes"), config)
    return {
        "paused": paused,
        "next": state.next,
        "interrupts": state.interrupts,
        "done": done,
        "calls": dict(sorted(calls.items())),
    }
