"""stream() hands each chunk to the caller while the step still runs: writer chunks and chat-model
tokens arrive before their node returns, and a parallel node's update arrives as soon as that
node is done (before a slower sibling finishes)."""

import operator
import time
from typing import Annotated, Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from typing_extensions import TypedDict

from signoff.config import get_stream_writer
from signoff.graph import START, MessagesState, StateGraph


class State(TypedDict):
    out: Annotated[list[str], operator.add]


def run() -> object:
    returned: list[str] = []

    def writer_node(state: State) -> dict[str, Any]:
        write = get_stream_writer()
        write("first")
        time.sleep(0.3)
        write("second")
        time.sleep(0.3)
        returned.append("writer")
        return {"out": ["w"]}

    builder = StateGraph(State)
    builder.add_node("writer", writer_node)
    builder.add_edge(START, "writer")
    custom = [
        (chunk, "writer" in returned)
        for chunk in builder.compile().stream({"out": []}, stream_mode="custom")
    ]

    model = GenericFakeChatModel(messages=iter([AIMessage("a b", id="m")]))

    def llm(state: MessagesState) -> dict[str, Any]:
        reply = model.invoke(state["messages"])
        time.sleep(0.3)
        returned.append("llm")
        return {"messages": [reply]}

    chat = StateGraph(MessagesState)
    chat.add_node("llm", llm)
    chat.add_edge(START, "llm")
    tokens = [
        (message.content, "llm" in returned)
        for message, _ in chat.compile().stream({"messages": []}, stream_mode="messages")
    ]

    def fast(state: State) -> dict[str, Any]:
        get_stream_writer()("fast")
        return {"out": ["fast"]}

    def slow(state: State) -> dict[str, Any]:
        time.sleep(0.4)
        get_stream_writer()("slow")
        return {"out": ["slow"]}

    parallel = StateGraph(State)
    parallel.add_node("slow", slow)
    parallel.add_node("fast", fast)
    parallel.add_edge(START, "slow")
    parallel.add_edge(START, "fast")
    order = list(parallel.compile().stream({"out": []}, stream_mode=["custom", "updates"]))
    return {"custom": custom, "tokens": tokens, "parallel": order}
