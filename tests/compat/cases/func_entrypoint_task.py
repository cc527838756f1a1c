"""Functional API basics: @entrypoint with @task calls; invoke, stream, get_state, history."""

from typing import Any

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task


@task
def double(n: int) -> int:
    return n * 2


@task(name="shout")
def upper(text: str) -> str:
    return text.upper()


@entrypoint(checkpointer=MemorySaver())
def workflow(inputs: dict[str, Any]) -> dict[str, Any]:
    futures = [double(n) for n in inputs["numbers"]]
    doubled = [future.result() for future in futures]
    return {"doubled": doubled, "label": upper(inputs["label"]).result()}


def run() -> object:
    config = {"configurable": {"thread_id": "func"}}
    result = workflow.invoke({"numbers": [1, 2, 3], "label": "sum"}, config)
    state = workflow.get_state(config)
    updates = list(
        workflow.stream(
            {"numbers": [5], "label": "x"},
            {"configurable": {"thread_id": "func-stream"}},
            stream_mode="updates",
        )
    )
    values = list(
        workflow.stream(
            {"numbers": [7], "label": "y"},
            {"configurable": {"thread_id": "func-values"}},
            stream_mode="values",
        )
    )
    return {
        "result": result,
        "state": (state.values, state.next, state.tasks, state.metadata),
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next, h.values)
            for h in workflow.get_state_history(config)
        ],
        "updates": updates,
        "values": values,
    }
