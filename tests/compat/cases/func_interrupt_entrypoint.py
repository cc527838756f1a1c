"""interrupt() in an @entrypoint after a @task: the task is not run again on resume."""

from typing import Any

from signoff.checkpoint.memory import MemorySaver
from signoff.func import entrypoint, task
from signoff.types import Command, interrupt

calls: dict[str, int] = {}


@task
def draft(topic: str) -> str:
    calls["draft"] = calls.get("draft", 0) + 1
    return f"essay about {topic}"


@entrypoint(checkpointer=MemorySaver())
def workflow(topic: str) -> dict[str, Any]:
    calls["entrypoint"] = calls.get("entrypoint", 0) + 1
    essay = draft(topic).result()
    verdict = interrupt({"essay": essay, "action": "approve?"})
    return {"essay": essay, "verdict": verdict}


def run() -> object:
    calls.clear()
    config = {"configurable": {"thread_id": "ep"}}
    paused = workflow.invoke("cats", config)
    state = workflow.get_state(config)
    done = workflow.invoke(Command(resume="approved"), config)
    stream_config = {"configurable": {"thread_id": "ep-stream"}}
    streamed = [
        list(workflow.stream("dogs", stream_config, stream_mode="updates")),
        list(workflow.stream(Command(resume="no"), stream_config, stream_mode="updates")),
    ]
    return {
        "paused": paused,
        "state": state,
        "done": done,
        "after": workflow.get_state(config).values,
        "history": [
            (h.metadata["step"], h.metadata["source"], h.next)
            for h in workflow.get_state_history(config)
        ],
        "streamed": streamed,
        "calls": dict(calls),
    }
