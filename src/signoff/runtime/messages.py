"""The `messages` stream mode: LLM tokens and new messages, each with the metadata of its node.

A langchain_core chat model called inside a node finds its run config through langchain_core's
own context variable; the runner puts a callback handler there, so `model.invoke(...)` streams its
tokens to us. Messages a node returns that were not streamed already are emitted when it ends.
Only loaded when a run asks for `messages` (langchain_core is imported lazily).

Each run that streams `messages` has its own handler, which streams only what happens in its own
run's tasks (models called in a graph run inside a task belong to that graph's run: streamed by
its handler with `stream(subgraphs=True)`, else only as the task's output). A subgraph streaming
into an enclosing run shares the enclosing handler's record of messages already seen, so a message
is streamed once however many graphs return it (as LangGraph's one handler does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields, is_dataclass
from typing import Any, cast
from uuid import UUID, uuid4

from langchain_core.callbacks import BaseCallbackHandler, BaseCallbackManager
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult
from langchain_core.runnables.config import RunnableConfig, var_child_runnable_config
from langchain_core.tracers._streaming import _StreamingCallbackHandler
from pydantic import BaseModel

from signoff.runtime.context import current_task

Emit = Callable[[str, Any], None]

_UNBOUND = object()
"""`MessagesHandler.owner` before the handler's run started a task."""


class MessagesHandler(BaseCallbackHandler, _StreamingCallbackHandler[Any]):
    """Turns chat-model callbacks into `(message_chunk, metadata)` chunks."""

    run_inline = True

    def __init__(self, emit: Emit) -> None:
        self.emit = emit
        self.runs: dict[UUID, dict[str, Any]] = {}
        self.seen: set[str] = set()
        """Ids of the messages streamed or given to a node as input: not streamed (again) when a
        node returns them."""
        self.owner: Any = _UNBOUND
        """The emitter of the run this handler streams, known from its first task: a model called
        in a task of another run (a graph run inside a task) is not this handler's to stream."""

    def tap_output_aiter(self, run_id: UUID, output: Any) -> Any:
        return output

    def tap_output_iter(self, run_id: UUID, output: Iterator[Any]) -> Iterator[Any]:
        return output

    def _send(self, metadata: dict[str, Any], message: BaseMessage, dedupe: bool = False) -> None:
        if dedupe and message.id is not None and message.id in self.seen:
            return
        if message.id is None:
            message.id = str(uuid4())  # as LangGraph: a streamed message always has an id
        self.seen.add(message.id)
        self.emit("messages", (message, metadata))

    def _ours(self) -> bool:
        """Whether the task running now (where a model was just called) is one of our run's."""
        if self.owner is _UNBOUND:
            return True
        ctx = current_task()
        return ctx is None or ctx.emitter is self.owner

    def bind(self, input: Any = None) -> None:
        """A task of this handler's run starts (in its context); `input` is what the node was
        given, whose messages it may return without their being new."""
        if self.owner is _UNBOUND:
            ctx = current_task()
            if ctx is not None:
                self.owner = ctx.emitter
                if getattr(ctx.emitter, "sink", None) is not None:
                    outer = _outer_handler(self)
                    if outer is not None:
                        outer.seen.update(self.seen)
                        self.seen = outer.seen
        for message in _messages_of_state(input):
            if message.id is not None:
                self.seen.add(message.id)

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
        if metadata and "nostream" not in (tags or ()) and self._ours():
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

    def task_callbacks(
        self, callbacks: Any, task: Any, step: int, tags: Any, metadata: dict[str, Any]
    ) -> Any:
        """The callbacks of a task's config: the run's, and this handler."""
        return [*(callbacks or ()), self]

    def node_result(self, task: Any, result: Any) -> None:
        """A node's return value: its messages are taken from its writes (`node_output`)."""

    def node_output(self, metadata: dict[str, Any], writes: list[tuple[str, Any]]) -> None:
        """Emit the messages a node returned that no model streamed already."""
        metadata = {**metadata, "ls_integration": "langgraph"}  # as LangGraph marks them
        for _, value in writes:
            for message in _messages_in(value):
                self._send(metadata, message, dedupe=True)


def _outer_handler(handler: MessagesHandler) -> MessagesHandler | None:
    """The handler of the task this handler's run was started in, if that run streams messages:
    it is in the callbacks of the config the enclosing task set for langchain_core."""
    config = var_child_runnable_config.get()
    callbacks = config.get("callbacks") if config else None
    if isinstance(callbacks, BaseCallbackManager):  # a run reporting to callbacks (`callbacks.py`)
        callbacks = callbacks.inheritable_handlers
    if not isinstance(callbacks, list):
        return None
    for callback in reversed(callbacks):
        if isinstance(callback, MessagesHandler) and callback is not handler:
            return callback
    return None


def _messages_in(value: Any) -> Iterator[BaseMessage]:
    if isinstance(value, BaseMessage):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, BaseMessage):
                yield item


def _messages_of_state(state: Any) -> Iterator[BaseMessage]:
    """The messages in a node's input: its top-level values (of a dict, pydantic model or
    dataclass) that are messages or sequences holding some."""
    if isinstance(state, dict):
        values: Sequence[Any] = list(state.values())
    elif isinstance(state, BaseModel):
        values = [getattr(state, name) for name in type(state).model_fields]
    elif is_dataclass(state) and not isinstance(state, type):
        values = [getattr(state, f.name) for f in fields(state)]
    else:
        return
    for value in values:
        if isinstance(value, BaseMessage):
            yield value
        elif isinstance(value, Sequence) and not isinstance(value, str):
            for item in value:
                if isinstance(item, BaseMessage):
                    yield item


def enter(config: dict[str, Any], handler: Any, input: Any = None) -> Any:
    """Make langchain_core runnables inside the task report to `handler`; returns a reset token.

    Call it in the task's context (after `set_current`); `input` is the node's input (None for a
    hidden node), whose messages are not streamed again when the node returns them. `handler`
    may be a run's `RunTrace` (`callbacks.py`), which reports the task to the run's callbacks.
    """
    if not isinstance(handler, MessagesHandler):
        return handler.enter(config, input)
    handler.bind(input)
    callbacks = list(config.get("callbacks") or ())
    if handler not in callbacks:
        callbacks.append(handler)
    return var_child_runnable_config.set(cast("RunnableConfig", {**config, "callbacks": callbacks}))


def leave(token: Any) -> None:
    if isinstance(token, tuple):  # a `RunTrace`'s
        token[0].leave(token)
    else:
        var_child_runnable_config.reset(token)
