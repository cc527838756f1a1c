"""interrupt() inside a @task: what get_state shows, and which work re-runs on resume."""

from typing import Any

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt

calls: dict[str, int] = {}


def count(name: str) -> None:
    calls[name] = calls.get(name, 0) + 1


@task
def prepare(n: int) -> int:
    count("prepare")
    return n + 1


@task
def confirm(n: int) -> str:
    count("confirm")
    answer = interrupt({"confirm": n})
    return f"{n}:{answer}"


@entrypoint(checkpointer=MemorySaver())
def workflow(n: int) -> Any:
    count("entrypoint")
    ready = prepare(n).result()
    first = confirm(ready).result()
    second = confirm(ready + 10).result()
    return [first, second]


def run() -> object:
    calls.clear()
    config = {"configurable": {"thread_id": "task-int"}}
    steps: list[object] = [workflow.invoke(1, config)]
    state = workflow.get_state(config)
    steps.append(workflow.invoke(Command(resume="yes"), config))
    middle = workflow.get_state(config)
    steps.append(workflow.invoke(Command(resume="sure"), config))
    return {
        "steps": steps,
        "state": state,
        "middle": (middle.next, middle.interrupts, [(t.name, t.interrupts) for t in middle.tasks]),
        "final": workflow.get_state(config).values,
        "calls": dict(calls),
    }
