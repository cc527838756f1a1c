"""add_node(metadata=...): the node's metadata joins its config metadata (over the run's) and
the metadata of the messages it streams."""

from typing import Any

from langchain_core.messages import AIMessage

from signoff.config import get_config
from signoff.graph import START, MessagesState, StateGraph

seen: list[object] = []


def node(state: MessagesState) -> dict[str, Any]:
    metadata = get_config()["metadata"]
    seen.append({k: v for k, v in metadata.items() if k in ("mk", "label", "u")})
    return {"messages": [AIMessage("x", id="x")]}


def run() -> object:
    seen.clear()
    builder = StateGraph(MessagesState)
    builder.add_node("n", node, metadata={"mk": 1, "label": "z"})
    builder.add_edge(START, "n")
    graph = builder.compile()
    graph.invoke({"messages": []})
    graph.invoke({"messages": []}, {"metadata": {"mk": 2, "u": 3}})
    streamed = [
        (message.content, {k: v for k, v in meta.items() if k in ("mk", "label")})
        for message, meta in graph.stream({"messages": []}, stream_mode="messages")
    ]
    return {"node_config_metadata": list(seen), "messages_metadata": streamed}
