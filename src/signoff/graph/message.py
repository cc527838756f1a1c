"""Message lists as state: the `add_messages` reducer, `MessagesState`, and `push_message`.

`import signoff.graph.message` stays cheap: langchain_core is imported the first time a message is
merged or `MessagesState` is looked up (it is built on first access, so its annotation holds the
real `AnyMessage` and `typing.get_type_hints` works on it and on user subclasses).
"""

from __future__ import annotations

import uuid
from functools import cache, partial
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, Literal

from typing_extensions import TypedDict

if TYPE_CHECKING:
    from langchain_core.messages import AnyMessage, BaseMessage, MessageLikeRepresentation

    Messages = list[MessageLikeRepresentation] | MessageLikeRepresentation

REMOVE_ALL_MESSAGES = "__remove_all__"
"""`RemoveMessage(id=REMOVE_ALL_MESSAGES)` in an update drops every message before it."""

_FORMATS = ("langchain-openai",)


def add_messages(
    left: Messages | None = None,
    right: Messages | None = None,
    *,
    format: Literal["langchain-openai"] | None = None,
) -> Any:
    """Merge `right` into `left`: append new messages, replace those whose id is already there.

    Both sides may be a message, a list of them, or message-likes (`("user", "hi")`, a role/content
    dict, a string); they become langchain_core messages and get a uuid id when they have none.
    `RemoveMessage(id=...)` deletes that message (an unknown id is a `ValueError`);
    `RemoveMessage(id=REMOVE_ALL_MESSAGES)` drops everything before it. With
    `format="langchain-openai"` the result is reshaped to OpenAI-style content blocks.

    Called with neither list, it returns the reducer with `format` bound, so
    `Annotated[list, add_messages(format="langchain-openai")]` works.
    """
    if left is not None and right is not None:
        return _merge(left, right, format=format)
    if left is not None or right is not None:
        given = "left" if left else "right"
        raise ValueError(
            "Must specify non-null arguments for both 'left' and 'right'. Only "
            f"received: '{given}'."
        )
    return partial(_merge, format=format)


def _merge(
    left: Messages, right: Messages, *, format: Literal["langchain-openai"] | None = None
) -> list[BaseMessage]:
    remove = _messages().RemoveMessage
    old = _coerce(left if isinstance(left, list) else [left])
    new = _coerce(right if isinstance(right, list) else [right])
    position = _positions(old)
    remove_all_at: int | None = None
    for i, m in enumerate(new):
        if m.id is None:
            m.id = str(uuid.uuid4())
        if isinstance(m, remove) and m.id == REMOVE_ALL_MESSAGES:
            remove_all_at = i
    if remove_all_at is not None:
        return new[remove_all_at + 1 :]

    merged = list(old)
    removed: set[str | None] = set()
    for m in new:
        at = position.get(m.id)
        if at is None:
            if isinstance(m, remove):
                raise ValueError(
                    f"Attempting to delete a message with an ID that doesn't exist ('{m.id}')"
                )
            position[m.id] = len(merged)
            merged.append(m)
        elif isinstance(m, remove):
            removed.add(m.id)
        else:
            removed.discard(m.id)
            merged[at] = m
    if removed:
        merged = [m for m in merged if m.id not in removed]
    if format == "langchain-openai":
        return _openai_format(merged)
    if format:
        raise ValueError(f"Unrecognized {format=}. Expected one of 'langchain-openai', None.")
    return merged


def _positions(messages: list[BaseMessage]) -> dict[str | None, int]:
    """Each message's index by id, after giving a uuid id to each message without one (one pass
    over the list when all have ids, the usual case: they went through this reducer before)."""
    position = {m.id: i for i, m in enumerate(messages)}
    if None in position:
        for m in messages:
            if m.id is None:
                m.id = str(uuid.uuid4())
        position = {m.id: i for i, m in enumerate(messages)}
    return position


def _coerce(items: list[Any]) -> list[BaseMessage]:
    """Message-likes → messages, chunks → whole messages; plain messages are kept as they are."""
    lc = _messages()
    kinds = set(map(type, items))
    if kinds <= _PLAIN or all(_plain(k) for k in kinds):
        return items
    out: list[BaseMessage] = []
    for m in lc.convert_to_messages(items):
        out.append(lc.message_chunk_to_message(m) if isinstance(m, lc.BaseMessageChunk) else m)
    return out


_PLAIN: set[type] = set()
"""Message classes seen that need no coercion (a program uses a handful)."""


def _plain(kind: type) -> bool:
    """Whether items of this class are whole messages (not message-likes, not chunks)."""
    lc = _messages()
    if issubclass(kind, lc.BaseMessage) and not issubclass(kind, lc.BaseMessageChunk):
        _PLAIN.add(kind)
        return True
    return False


@cache
def _messages() -> ModuleType:
    """`langchain_core.messages`, imported on the first merge (not when this module loads)."""
    import langchain_core.messages

    return langchain_core.messages


def _openai_format(messages: list[BaseMessage]) -> list[BaseMessage]:
    from langchain_core.messages import convert_to_messages, convert_to_openai_messages

    return convert_to_messages(convert_to_openai_messages(messages))


def push_message(message: Any, *, state_key: str | None = "messages") -> BaseMessage:
    """Emit `message` on the `messages` stream now and, unless `state_key` is None, write it to
    that state key as the node's update. The message needs an id (so the write can replace a
    streamed message rather than duplicate it)."""
    from langchain_core.messages import convert_to_messages

    from signoff.runtime.context import current_task

    ctx = current_task()
    if ctx is None:
        raise RuntimeError(
            "push_message() was called outside a graph node; call it inside a node or task"
        )
    msg = convert_to_messages([message])[0]
    if msg.id is None:
        raise ValueError("Message ID is required")
    if ctx.stream is not None:
        ctx.stream("messages", (msg, _stream_metadata(ctx)))
    if state_key:
        _send(ctx, [(state_key, msg)])
    return msg


def _stream_metadata(ctx: Any) -> dict[str, Any]:
    config = ctx.config or {}
    metadata = dict(config.get("metadata") or {})
    metadata.setdefault("langgraph_node", ctx.node)
    metadata.setdefault("langgraph_checkpoint_ns", ctx.checkpoint_ns)
    return metadata


def _send(ctx: Any, writes: list[tuple[str, Any]]) -> None:
    send = getattr(ctx, "send", None)
    if send is None:
        raise RuntimeError(
            f"Node '{ctx.node}': push_message(state_key=...) needs the runtime's write hook; "
            "pass state_key=None to only stream the message"
        )
    send(writes)


def _build_messages_state() -> type:
    """`MessagesState` with the real `AnyMessage` annotation (imports langchain_core)."""
    from langchain_core.messages import AnyMessage

    fields = {"messages": Annotated[list[AnyMessage], add_messages]}
    # mypy wants a literal field dict; the annotation here has to be built at run time.
    cls: type = TypedDict("MessagesState", fields)  # type: ignore[misc]
    cls.__module__ = __name__
    cls.__doc__ = None  # as LangGraph's: no docstring, so its JSON Schema has no "description"
    return cls


if TYPE_CHECKING:

    class MessagesState(TypedDict):
        messages: Annotated[list[AnyMessage], add_messages]


def __getattr__(name: str) -> Any:
    if name == "MessagesState":
        built = _build_messages_state()
        globals()["MessagesState"] = built  # built once: later lookups find the global
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["REMOVE_ALL_MESSAGES", "MessagesState", "add_messages", "push_message"]
