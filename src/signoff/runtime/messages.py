"""The `messages` stream mode: LLM tokens and new messages, each with the metadata of its node.

A langchain_core chat model called inside a node finds its run config through langchain_core's
own context variable; the runner puts a callback handler there, so `model.invoke(...)` streams its
tokens to us. Messages a node returns that were not streamed already are emitted when it ends.
Only loaded when a run asks for `messages` (langchain_core is imported lazily).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, cast
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult
from langchain_core.runnables.config import RunnableConfig, var_child_runnable_config
from langchain_core.tracers._streaming import _StreamingCallbackHandler

Emit = Callable[[str, Any], None]


class MessagesHandler(BaseCallbackHandler, _StreamingCallbackHandler[Any]):
    """Turns chat-model callbacks into `(message_chunk, metadata)` chunks."""

    run_inline = True

    def __init__(self, emit: Emit) -> None:
        self.emit = emit
        self.runs: dict[UUID, dict[str, Any]] = {}
        self.seen: set[str] = set()

    def tap_output_aiter(self, run_id: UUID, output: Any) -> Any:
        return output

    def tap_output_iter(self, run_id: UUID, output: Iterator[Any]) -> Iterator[Any]:
        return output

    def _send(self, metadata: dict[str, Any], message: BaseMessage, dedupe: bool = False) -> None:
        if dedupe and message.id is not None and message.id in self.seen:
            return
        if message.id is not None:
            self.seen.add(message.id)
        self.emit("messages", (message, metadata))

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        if metadata and "nostream" not in (tags or ()):
            self.runs[run_id] = dict(metadata)

    def on_llm_new_token(
        self,
        token: str | list[str | dict[str, Any]],
        *,
        chunk: Any = None,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> Any:
        metadata = self.runs.get(run_id)
        if metadata is not None and chunk is not None and isinstance(chunk.message, BaseMessage):
            self._send(metadata, chunk.message)

    def on_llm_end(
        self, response: LLMResult, *, run_id: UUID, parent_run_id: UUID | None = None, **kwargs: Any
    ) -> Any:
        metadata = self.runs.pop(run_id, None)
        if metadata is None or not response.generations or not response.generations[0]:
            return
        gen = response.generations[0][0]
        if isinstance(gen, ChatGeneration):
            self._send(metadata, gen.message, dedupe=True)

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> Any:
        self.runs.pop(run_id, None)

    def node_output(self, metadata: dict[str, Any], writes: list[tuple[str, Any]]) -> None:
        """Emit the messages a node returned that no model streamed already."""
        metadata = {**metadata, "ls_integration": "langgraph"}  # as LangGraph marks them
        for _, value in writes:
            for message in _messages_in(value):
                self._send(metadata, message, dedupe=True)


def _messages_in(value: Any) -> Iterator[BaseMessage]:
    if isinstance(value, BaseMessage):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, BaseMessage):
                yield item


def enter(config: dict[str, Any], handler: MessagesHandler) -> Any:
    """Make langchain_core runnables inside the task report to `handler`; returns a reset token."""
    callbacks = list(config.get("callbacks") or ())
    if handler not in callbacks:
        callbacks.append(handler)
    return var_child_runnable_config.set(cast("RunnableConfig", {**config, "callbacks": callbacks}))


def leave(token: Any) -> None:
    var_child_runnable_config.reset(token)
