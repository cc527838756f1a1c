"""version="v2" on the functional API: invoke's GraphOutput when paused and when done, and the
task events of a resume, where a recorded `@task` shows starting but not running again."""

from typing import Any

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt


@task
def double(x: int) -> int:
    return x * 2


@entrypoint(checkpointer=MemorySaver())
def flow(x: int) -> dict[str, Any]:
    y = double(x).result()
    return {"y": y, "ok": interrupt({"y": y})}


def run() -> object:
    out: dict[str, object] = {}
    config = {"configurable": {"thread_id": "invoke"}}
    out["paused"] = flow.invoke(3, config, version="v2")
    out["done"] = flow.invoke(Command(resume="yes"), config, version="v2")
    config = {"configurable": {"thread_id": "stream"}}
    modes = ["tasks", "updates", "values"]
    out["first"] = list(flow.stream(3, config, stream_mode=modes, version="v2"))
    out["resumed"] = list(
        flow.stream(Command(resume="yes"), config, stream_mode=modes, version="v2")
    )
    return out
