"""entrypoint.final(value=, save=) and the `previous` argument across invocations on a thread."""

from typing import Any

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint


@entrypoint(checkpointer=MemorySaver())
def counter(n: int, *, previous: Any = None) -> entrypoint.final[int, int]:
    total = (previous or 0) + n
    return entrypoint.final(value=n * 100, save=total)


@entrypoint(checkpointer=MemorySaver())
def echo(text: str, *, previous: Any = None) -> dict[str, Any]:
    return {"now": text, "before": previous}


def run() -> object:
    config = {"configurable": {"thread_id": "final"}}
    results = [counter.invoke(n, config) for n in (1, 2, 3)]
    state = counter.get_state(config)
    echo_config = {"configurable": {"thread_id": "echo"}}
    echoes = [echo.invoke(text, echo_config) for text in ("a", "b")]
    streamed = list(counter.stream(4, config, stream_mode=["updates", "values"]))
    return {
        "results": results,
        "state": (state.values, state.next, state.metadata),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.values)
            for h in counter.get_state_history(config)
        ],
        "echoes": echoes,
        "streamed": streamed,
        "other_thread": counter.invoke(5, {"configurable": {"thread_id": "fresh"}}),
    }
