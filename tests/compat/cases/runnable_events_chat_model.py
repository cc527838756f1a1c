"""`astream_events` with langchain_core chat models called in nodes (async and sync, streaming
their tokens): `on_chat_model_start/stream/end` nested under the node's run, with the node's
metadata; and the same run with `stream_mode="messages"` passed through."""

import asyncio
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig

from signoff.graph import START, MessagesState, StateGraph


def run() -> object:
    replies = iter(
        [
            AIMessage(content="hello there", id="ai-1"),
            AIMessage(content="and again", id="ai-2"),
            AIMessage(content="third one", id="ai-3"),
            AIMessage(content="last", id="ai-4"),
        ]
    )
    model = GenericFakeChatModel(messages=replies)

    async def first(state: MessagesState) -> dict[str, Any]:
        return {"messages": [await model.ainvoke(state["messages"])]}

    def second(state: MessagesState, config: RunnableConfig) -> dict[str, Any]:
        chunks = list(model.stream(state["messages"], config))  # the node's config, given
        return {"messages": [AIMessage(content="".join(str(c.content) for c in chunks))]}

    graph = (
        StateGraph(MessagesState)
        .add_node("first", first)
        .add_node("second", second)
        .add_edge(START, "first")
        .add_edge("first", "second")
        .compile()
    )
    question = {"messages": [("user", "hi")]}

    async def observe() -> object:
        events = [e async for e in graph.astream_events(question, version="v2")]
        tokens = [
            (e["name"], e["metadata"]["langgraph_node"], e["data"]["chunk"].content)
            async for e in graph.astream_events(question, version="v2", stream_mode="messages")
            if e["event"] == "on_chat_model_stream"
        ]
        return {"events": events, "tokens": tokens}

    return asyncio.run(observe())
