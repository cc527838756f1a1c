"""stream_mode="messages" metadata, for a streamed model reply and for a message a node returns."""

from collections.abc import Iterator
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import START, MessagesState, StateGraph
from signoff.types import Command, interrupt


class Words(BaseChatModel):
    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage("a b"))])

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        for token in ("a ", "b"):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=token))
            if run_manager is not None:
                run_manager.on_llm_new_token(token, chunk=chunk)
            yield chunk

    @property
    def _llm_type(self) -> str:
        return "words"


def run() -> object:
    model = Words()

    def llm(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    def ask(state: MessagesState) -> dict[str, Any]:
        answer = interrupt("ok?")
        return {"messages": [AIMessage(f"answer {answer}", id="answer")]}

    builder = StateGraph(MessagesState)
    builder.add_node("llm", llm)
    builder.add_node("ask", ask)
    builder.add_edge(START, "llm")
    builder.add_edge("llm", "ask")
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "t", "user": "u1"}}
    observed = []
    for payload in ({"messages": [HumanMessage("hi", id="h")]}, Command(resume="yes")):
        for message, metadata in graph.stream(payload, config, stream_mode="messages"):
            meta = {k: v for k, v in metadata.items() if k != "lc_versions"}
            observed.append((type(message).__name__, message.content, meta))
    return observed
