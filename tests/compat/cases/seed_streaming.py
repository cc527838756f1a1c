"""Seed bonus: stream a HITL graph (values, updates, messages, several modes) through pause and resume."""

import re
from collections.abc import Iterator
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.types import Command, interrupt


class Words(BaseChatModel):
    def _reply(self, messages: list[BaseMessage]) -> str:
        return f"About {messages[-1].text}: we reply by Friday."

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self._reply(messages)))])

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        for token in re.split(r"(?<= )", self._reply(messages)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=token))
            if run_manager is not None:
                run_manager.on_llm_new_token(token, chunk=chunk)
            yield chunk

    @property
    def _llm_type(self) -> str:
        return "words"


def build() -> Any:
    model = Words()

    def write(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    def review(state: MessagesState) -> Command[Literal["publish", "discard"]]:
        ok = interrupt({"question": "Publish?", "reply": state["messages"][-1].text})
        return Command(goto="publish" if ok else "discard")

    def publish(state: MessagesState) -> dict[str, Any]:
        return {"messages": [AIMessage("Published.", id="published")]}

    def discard(state: MessagesState) -> dict[str, Any]:
        return {"messages": [AIMessage("Discarded.", id="discarded")]}

    builder = StateGraph(MessagesState)
    builder.add_node("write", write)
    builder.add_node("review", review)
    builder.add_node("publish", publish)
    builder.add_node("discard", discard)
    builder.add_edge(START, "write")
    builder.add_edge("write", "review")
    builder.add_edge("publish", END)
    builder.add_edge("discard", END)
    return builder.compile(checkpointer=MemorySaver())


def project(mode: str, chunk: Any) -> object:
    """Messages-mode chunks keep what users read: class, text, node, step, thread; ids are dropped."""
    if mode != "messages":
        return chunk
    message, metadata = chunk
    keep = ("langgraph_node", "langgraph_step", "thread_id")
    return {
        "class": type(message).__name__,
        "text": message.text,
        "metadata": {key: metadata.get(key) for key in keep},
    }


def drop_message_ids(obj: Any) -> Any:
    """Model message ids come from langchain_core run ids whose shape is not the engine's business."""
    if isinstance(obj, BaseMessage):
        return obj.model_copy(update={"id": None})
    if isinstance(obj, dict):
        return {key: drop_message_ids(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return type(obj)(drop_message_ids(item) for item in obj)
    return obj


def run() -> object:
    graph = build()
    observed: dict[str, object] = {}
    modes: dict[str, Any] = {
        "values": "values",
        "updates": "updates",
        "messages": "messages",
        "values+updates": ["values", "updates"],
        "messages+updates": ["messages", "updates"],
    }
    for name, mode in modes.items():
        for answer in (True, False):
            config = {"configurable": {"thread_id": f"{name}-{answer}"}}
            runs = []
            for payload in ({"messages": [("user", "pricing")]}, Command(resume=answer)):
                chunks = []
                for chunk in graph.stream(payload, config, stream_mode=mode):
                    if isinstance(mode, list):
                        chunks.append((chunk[0], project(chunk[0], chunk[1])))
                    else:
                        chunks.append(project(mode, chunk))
                runs.append(drop_message_ids(chunks))
            observed[f"{name}-{answer}"] = runs
    return observed
