"""A failing node's task result in "tasks" and "debug" modes carries the exception itself."""

from typing import Any

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict):
    value: int


def bad(state: State) -> dict[str, Any]:
    raise ValueError("boom")


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("bad", bad)
    builder.add_edge(START, "bad")
    graph = builder.compile()
    observed: dict[str, object] = {}
    for mode in ("tasks", "debug"):
        errors = []
        try:
            for chunk in graph.stream({"value": 1}, stream_mode=mode):
                payload = chunk["payload"] if mode == "debug" else chunk
                if "error" in payload:
                    error = payload["error"]
                    errors.append((type(error).__name__, str(error)))
        except ValueError as raised:
            errors.append(("raised", str(raised)))
        observed[mode] = errors
    return observed
