"""`stream_mode="messages"`: ids, messages a node was given, and graphs run inside a task.

Expected outputs are LangGraph 1.2.22's (checked by running the same graphs under /work/lgvenv).
"""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.tools import tool

from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode
from signoff.runtime import messages

HI = {"messages": [HumanMessage("hi", id="h")]}


def fake(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(text, id=f"id-{text}")]))


def model_graph(model: GenericFakeChatModel) -> Any:
    def inner(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    builder = StateGraph(MessagesState)
    builder.add_node("inner", inner)
    builder.add_edge(START, "inner")
    return builder.compile()


def around(child: Any, name: str = "child") -> Any:
    builder = StateGraph(MessagesState)
    builder.add_node(name, child)
    builder.add_edge(START, name)
    return builder.compile()


def test_a_message_without_id_is_streamed_with_a_fresh_one() -> None:
    def noid(state: MessagesState) -> dict[str, Any]:
        return {"messages": [AIMessage("no id")]}

    # the id as the chunk is handed out (the state's reducer would give it one later)
    shown = [(m.content, m.id) for m, _ in around(noid, "noid").stream(HI, stream_mode="messages")]
    assert [content for content, _ in shown] == ["no id"]
    assert isinstance(shown[0][1], str) and shown[0][1]


def test_tool_messages_get_ids() -> None:
    @tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    def call(state: MessagesState) -> dict[str, Any]:
        calls = [{"name": "add", "args": {"a": 1, "b": 2}, "id": "c1"}]
        return {"messages": [AIMessage("", id="ai", tool_calls=calls)]}

    builder = StateGraph(MessagesState)
    builder.add_node("call", call)
    builder.add_node("tools", ToolNode([add]))
    builder.add_edge(START, "call")
    builder.add_edge("call", "tools")
    shown = [
        (type(m).__name__, m.content, isinstance(m.id, str))
        for m, meta in builder.compile().stream(HI, stream_mode="messages")
        if meta["langgraph_node"] == "tools"
    ]
    assert shown == [("ToolMessage", "3", True)]


def test_a_model_in_a_tool_streams_as_the_tool_node() -> None:
    model = fake("said")

    @tool
    def ask(q: str) -> str:
        """Ask the model."""
        return str(model.invoke(q).content)

    def call(state: MessagesState) -> dict[str, Any]:
        calls = [{"name": "ask", "args": {"q": "x"}, "id": "c1"}]
        return {"messages": [AIMessage("", id="ai", tool_calls=calls)]}

    builder = StateGraph(MessagesState)
    builder.add_node("call", call)
    builder.add_node("tools", ToolNode([ask]))
    builder.add_edge(START, "call")
    builder.add_edge("call", "tools")
    shown = [
        (type(m).__name__, m.content, meta["langgraph_node"])
        for m, meta in builder.compile().stream(HI, stream_mode="messages")
    ]
    assert shown == [
        ("AIMessage", "", "call"),
        ("AIMessageChunk", "said", "tools"),
        ("ToolMessage", "said", "tools"),
    ]


def _ai(chunks: list[tuple[BaseMessage, dict[str, Any]]]) -> list[tuple[str, Any, str, Any]]:
    return [
        (type(m).__name__, m.content, meta["langgraph_node"], meta.get("ls_integration"))
        for m, meta in chunks
        if not isinstance(m, HumanMessage)
    ]


def test_tokens_of_a_subgraph_are_not_streamed_without_subgraphs() -> None:
    graph = around(model_graph(fake("sub")))
    chunks = list(graph.stream(HI, stream_mode="messages"))
    assert _ai(chunks) == [("AIMessage", "sub", "child", "langgraph")]


def test_tokens_of_a_graph_invoked_in_a_node_are_not_streamed() -> None:
    sub = model_graph(fake("p"))

    def caller(state: MessagesState) -> dict[str, Any]:
        return {"messages": sub.invoke(state)["messages"]}

    chunks = list(around(caller, "caller").stream(HI, stream_mode="messages"))
    assert _ai(chunks) == [("AIMessage", "p", "caller", "langgraph")]


def test_tokens_of_a_subgraph_are_not_streamed_without_subgraphs_async() -> None:
    model = fake("asub")

    async def inner(state: MessagesState) -> dict[str, Any]:
        return {"messages": [await model.ainvoke(state["messages"])]}

    async def collect() -> list[tuple[BaseMessage, dict[str, Any]]]:
        graph = around(around(inner, "inner"))
        return [chunk async for chunk in graph.astream(HI, stream_mode="messages")]

    assert _ai(asyncio.run(collect())) == [("AIMessage", "asub", "child", "langgraph")]


def test_a_subgraph_message_streamed_with_subgraphs_is_not_streamed_again() -> None:
    graph = around(around(model_graph(fake("x")), "mid"))
    shown = [
        (len(ns), type(m).__name__, m.content, meta["langgraph_node"])
        for ns, (m, meta) in graph.stream(HI, stream_mode="messages", subgraphs=True)
        if not isinstance(m, HumanMessage)
    ]
    assert shown == [(2, "AIMessageChunk", "x", "inner")]


def test_enter_marks_the_input_messages_seen() -> None:
    sent: list[tuple[str, Any]] = []
    handler = messages.MessagesHandler(lambda mode, chunk: sent.append((mode, chunk)))
    token = messages.enter({"metadata": {}}, handler, {"messages": [HumanMessage("hi", id="h")]})
    messages.leave(token)
    returned = [HumanMessage("hi", id="h"), AIMessage("new", id="n1")]
    handler.node_output({"langgraph_node": "echo"}, [("messages", returned)])
    assert [(m.content, meta) for _, (m, meta) in sent] == [
        ("new", {"langgraph_node": "echo", "ls_integration": "langgraph"})
    ]


def test_a_node_returning_its_input_does_not_stream_it_again() -> None:
    def echo(state: MessagesState) -> dict[str, Any]:
        return {"messages": [*state["messages"], AIMessage("new", id="n1")]}

    shown = [m.content for m, _ in around(echo, "echo").stream(HI, stream_mode="messages")]
    assert shown == ["new"]
