"""InMemorySaver stores a conversation message by message: a step that adds one message
serializes that message only, and every checkpoint still reads back exactly as it was."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, RemoveMessage

from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.serde import Serializer
from signoff.graph import START, MessagesState, StateGraph


def _graph(saver: InMemorySaver) -> Any:
    def reply(state: MessagesState) -> dict[str, Any]:
        n = len(state["messages"])
        return {"messages": [AIMessage(f"reply {n}", id=f"ai-{n}")]}

    def edit(state: MessagesState) -> dict[str, Any]:
        first_ai = state["messages"][1]
        return {
            "messages": [
                AIMessage("edited", id=first_ai.id),  # replaces it by id
                RemoveMessage(id=state["messages"][-1].id),
            ]
        }

    builder = StateGraph(MessagesState)
    builder.add_node("reply", reply)
    builder.add_node("reply_again", reply)
    builder.add_node("edit", edit)
    builder.add_edge(START, "reply")
    builder.add_edge("reply", "reply_again")
    builder.add_edge("reply_again", "edit")
    return builder.compile(checkpointer=saver)


def _texts(values: dict[str, Any]) -> list[str]:
    return [m.content for m in values.get("messages", [])]


def test_every_checkpoint_of_a_growing_conversation_reads_back_as_stored() -> None:
    graph = _graph(InMemorySaver())
    config = {"configurable": {"thread_id": "chat"}}
    final = graph.invoke({"messages": [HumanMessage("hi", id="h-0")]}, config)
    assert _texts(final) == ["hi", "edited"]
    history = [_texts(s.values) for s in graph.get_state_history(config)]
    assert history == [
        ["hi", "edited"],
        ["hi", "reply 1", "reply 2"],
        ["hi", "reply 1"],
        ["hi"],
        [],
    ]


def test_a_second_thread_with_the_same_message_objects_is_stored_on_its_own() -> None:
    saver = InMemorySaver()
    graph = _graph(saver)
    shared = HumanMessage("same object", id="h-shared")
    for thread in ("a", "b"):
        config = {"configurable": {"thread_id": thread}}
        assert _texts(graph.invoke({"messages": [shared]}, config)) == ["same object", "edited"]
    shared.content = "changed after both runs"
    for thread in ("a", "b"):
        config = {"configurable": {"thread_id": thread}}
        assert _texts(graph.get_state(config).values)[0] == "same object"


class _Counting(Serializer):
    """Keeps every message object it serializes, in values and in lists of values."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[BaseMessage] = []

    def dumps(self, obj: Any) -> bytes:
        self._note(obj)
        return super().dumps(obj)

    def _note(self, obj: Any) -> None:
        if isinstance(obj, BaseMessage):
            self.messages.append(obj)
        elif isinstance(obj, list):
            for item in obj:
                self._note(item)


def test_each_message_object_is_serialized_once_though_written_and_then_kept() -> None:
    serde = _Counting()
    graph = _graph(InMemorySaver(serde=serde))
    config = {"configurable": {"thread_id": "once"}}
    graph.invoke({"messages": [HumanMessage("hi", id="h-0")]}, config)
    objects = [id(m) for m in serde.messages]
    assert len(objects) == len(set(objects)), [m.id for m in serde.messages]
    # hi, the two replies, then the edit's new message and its removal (the same ids again)
    assert sorted(str(m.id) for m in serde.messages) == ["ai-1", "ai-1", "ai-2", "ai-2", "h-0"]
    history = [_texts(s.values) for s in graph.get_state_history(config)]
    assert history[0] == ["hi", "edited"]
