"""stream_mode="messages" without subgraphs=True: a chat model's tokens inside a subgraph are not
streamed; only the subgraph node's new message is, whole, when the node ends."""

from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage

from signoff.graph import START, MessagesState, StateGraph


def run() -> object:
    model = GenericFakeChatModel(messages=iter([AIMessage("sub reply", id="m1")]))

    def inner(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    sub_builder = StateGraph(MessagesState)
    sub_builder.add_node("inner", inner)
    sub_builder.add_edge(START, "inner")
    builder = StateGraph(MessagesState)
    builder.add_node("child", sub_builder.compile())
    builder.add_edge(START, "child")
    graph = builder.compile()
    return [
        (type(m).__name__, m.content, m.id, meta["langgraph_node"], meta.get("ls_integration"))
        for m, meta in graph.stream(
            {"messages": [HumanMessage("hi", id="h")]}, stream_mode="messages"
        )
    ]
