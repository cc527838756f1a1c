"""An entrypoint's finished task, in get_state_history and in a resumed run's checkpoint
events, shows the function's return value itself as its result (not keyed by channel)."""

from typing import Any

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt


@task
def double(x: int) -> int:
    return 2 * x


@entrypoint(checkpointer=InMemorySaver())
def final(x: int, *, previous: Any = None) -> Any:
    ok = interrupt({"doubled": double(x).result()})
    return entrypoint.final(value={"ok": ok, "previous": previous}, save=x)


@entrypoint(checkpointer=InMemorySaver())
def plain(x: int) -> Any:
    return {"ok": interrupt("ok?"), "x": x}


def run() -> object:
    observed: dict[str, object] = {}
    for label, flow in (("final", final), ("plain", plain)):
        config = {"configurable": {"thread_id": "1"}}
        flow.invoke(3, config)
        events = list(flow.stream(Command(resume=True), config, stream_mode="checkpoints"))
        history = [(h.metadata, h.next, h.tasks) for h in flow.get_state_history(config)]
        observed[label] = {"events": events, "history": history}
    return observed
