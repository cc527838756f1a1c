"""Streaming with interrupts: watch the model's tokens and the pause arrive in one stream.

`graph.stream(..., stream_mode=["messages", "updates"])` yields `(mode, chunk)` pairs: `"messages"`
chunks are `(message_chunk, metadata)` for each token the chat model produces inside a node;
`"updates"` chunks are `{node: update}` after each node, and `{"__interrupt__": (Interrupt, ...)}`
when the graph pauses. Resuming with `Command(resume=...)` streams the rest the same way.
The chat model is a scripted stand-in that streams word by word, so the example runs offline.
Run it: `python examples/streaming_interrupts.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.types import Command, interrupt


class WordStreamingChatModel(BaseChatModel):
    """A deterministic chat model that answers the last message and streams one word at a time."""

    def _reply(self, messages: list[BaseMessage]) -> str:
        return f"Thanks for asking about {messages[-1].text}. Our team will reply by Friday."

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = AIMessage(content=self._reply(messages))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for token in re.split(r"(?<= )", self._reply(messages)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=token))
            if run_manager is not None:
                run_manager.on_llm_new_token(token, chunk=chunk)
            yield chunk

    @property
    def _llm_type(self) -> str:
        return "word-streaming"


model = WordStreamingChatModel()


def write_reply(state: MessagesState) -> dict[str, Any]:
    """Draft a reply with the chat model (its tokens appear in the "messages" stream)."""
    return {"messages": [model.invoke(state["messages"])]}


def review(state: MessagesState) -> Command[Literal["publish", "discard"]]:
    """Pause so a person can approve the drafted reply before it is published."""
    approved = interrupt({"question": "Publish this reply?", "reply": state["messages"][-1].text})
    return Command(goto="publish" if approved else "discard")


def publish(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage(content="Reply published.")]}


def discard(state: MessagesState) -> dict[str, Any]:
    return {"messages": [AIMessage(content="Reply discarded.")]}


builder = StateGraph(MessagesState)
builder.add_node("write_reply", write_reply)
builder.add_node("review", review)
builder.add_node("publish", publish)
builder.add_node("discard", discard)
builder.add_edge(START, "write_reply")
builder.add_edge("write_reply", "review")
builder.add_edge("publish", END)
builder.add_edge("discard", END)

graph = builder.compile(checkpointer=InMemorySaver())


def show(stream: Iterator[Any]) -> None:
    """Print tokens as they arrive, each node's update, and the question when the graph pauses."""
    for mode, chunk in stream:
        if mode == "messages":
            message, metadata = chunk
            if message.text:
                print(f"  token from {metadata['langgraph_node']}: {message.text!r}")
        elif "__interrupt__" in chunk:
            print("paused:", chunk["__interrupt__"][0].value)
        else:
            print("finished node:", ", ".join(chunk))


if __name__ == "__main__":
    config = {"configurable": {"thread_id": "stream-1"}}
    modes = ["messages", "updates"]
    show(graph.stream({"messages": [("user", "pricing")]}, config, stream_mode=modes))
    show(graph.stream(Command(resume=True), config, stream_mode=modes))
