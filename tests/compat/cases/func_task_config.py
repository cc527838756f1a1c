"""A @task call's own config: what get_config() returns inside it and the metadata of a model's
tokens in stream_mode="messages" name the task (node, triggers, path, namespace)."""

from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from signoff.checkpoint.memory import MemorySaver
from signoff.config import get_config
from signoff.func import entrypoint, task

SEEN: list[object] = []
model = FakeListChatModel(responses=["hi"])


def graph_keys(metadata: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in metadata.items() if k.startswith("langgraph") or k == "checkpoint_ns"}


@task
def ask_model(x: int) -> str:
    SEEN.append(graph_keys(get_config()["metadata"]))
    return str(model.invoke(f"q{x}").content)


@entrypoint(checkpointer=MemorySaver())
def flow(x: int) -> str:
    return ask_model(x).result()


def run() -> object:
    SEEN.clear()
    config = {"configurable": {"thread_id": "t"}}
    tokens = [
        (str(message.content), graph_keys(metadata))
        for message, metadata in flow.stream(1, config, stream_mode="messages")
    ]
    return {"task_config": list(SEEN), "tokens": tokens}
