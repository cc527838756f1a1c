"""langchain_core models inside a node see the node's config, as under LangGraph: the callbacks
and tags given to `invoke` reach them (with the node's metadata), sync and async, also when the
run does not stream `messages`."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from signoff.graph import START, MessagesState, StateGraph


class Recorder(BaseCallbackHandler):
    def __init__(self) -> None:
        self.started: list[tuple[Any, Any]] = []

    def on_chat_model_start(self, *args: Any, **kwargs: Any) -> None:
        metadata = kwargs.get("metadata") or {}
        self.started.append((metadata.get("langgraph_node"), kwargs.get("tags")))


def graph() -> Any:
    model = FakeListChatModel(responses=["hi", "again"])

    def reply(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    async def areply(state: MessagesState) -> dict[str, Any]:
        return {"messages": [await model.ainvoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("reply", reply)
    builder.add_node("areply", areply)
    builder.add_edge(START, "reply")
    builder.add_edge("reply", "areply")
    return builder.compile()


async def test_run_callbacks_and_tags_reach_models_in_nodes() -> None:
    recorder = Recorder()
    config = {"callbacks": [recorder], "tags": ["mine"]}
    out = await graph().ainvoke({"messages": [("user", "x")]}, config)
    assert [m.content for m in out["messages"]][1:] == ["hi", "again"]
    assert [node for node, _ in recorder.started] == ["reply", "areply"]
    assert all("mine" in (tags or []) for _, tags in recorder.started)


def test_sync_invoke_too() -> None:
    recorder = Recorder()
    model = FakeListChatModel(responses=["hi"])

    def reply(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("reply", reply)
    builder.add_edge(START, "reply")
    builder.compile().invoke({"messages": [("user", "x")]}, {"callbacks": [recorder]})
    assert [node for node, _ in recorder.started] == ["reply"]
