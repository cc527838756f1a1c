"""A node iterating a compiled graph's own stream() while the outer run streams with
subgraphs=True: the node gets the inner graph's chunks for its modes, and the outer stream gets them
too (namespaced) for its modes; custom chunks go only to the innermost stream asking for them.
Also a graph inside the inner graph, the inner caller streaming subgraphs itself, async, and
an interrupt inside the streamed graph."""

import asyncio
import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.config import get_stream_writer
from signoff.graph import START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def write(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        get_stream_writer()({"from": name})
        return {"log": [name]}

    return node


def inner_graph(*, asking: bool = False) -> Any:
    grand = StateGraph(State)
    grand.add_node("g", write("g"))
    grand.add_edge(START, "g")
    inner = StateGraph(State)
    inner.add_node("a", write("a"))
    inner.add_node("grand", grand.compile())
    inner.add_edge(START, "a")
    inner.add_edge("a", "grand")
    if asking:
        inner.add_node("ask", lambda state: {"log": [f"ask:{interrupt('q')}"]})
        inner.add_edge("grand", "ask")
    return inner.compile()


def outer_graph(caller: Any, checkpointer: Any = None) -> Any:
    outer = StateGraph(State)
    outer.add_node("caller", caller)
    outer.add_edge(START, "caller")
    return outer.compile(checkpointer=checkpointer)


def sync_case(
    inner_modes: list[str], inner_subgraphs: bool, outer_modes: list[str], outer_subgraphs: bool
) -> object:
    sub = inner_graph()
    seen: list[object] = []

    def caller(state: State) -> dict[str, Any]:
        for chunk in sub.stream({"log": []}, stream_mode=inner_modes, subgraphs=inner_subgraphs):
            seen.append(chunk)
        return {"log": [f"seen:{len(seen)}"]}

    graph = outer_graph(caller)
    outer = list(graph.stream({"log": []}, stream_mode=outer_modes, subgraphs=outer_subgraphs))
    return {"outer": outer, "inner": seen}


def messages_case() -> object:
    """Tokens of a model called in the streamed graph reach both streams asking for them."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage, HumanMessage

    from signoff.graph import MessagesState

    model = GenericFakeChatModel(messages=iter([AIMessage("sub reply", id="m1")]))
    inner = StateGraph(MessagesState)
    inner.add_node("inner", lambda state: {"messages": [model.invoke(state["messages"])]})
    inner.add_edge(START, "inner")
    sub = inner.compile()
    seen: list[object] = []

    def caller(state: MessagesState) -> dict[str, Any]:
        seen.extend(sub.stream(state, stream_mode=["messages", "updates"]))
        return {"messages": [AIMessage("outer", id="o1")]}

    outer = StateGraph(MessagesState)
    outer.add_node("caller", caller)
    outer.add_edge(START, "caller")
    start = {"messages": [HumanMessage("hi", id="h")]}
    chunks = list(outer.compile().stream(start, stream_mode="messages", subgraphs=True))
    shown = [(ns, m.content, meta["langgraph_node"]) for ns, (m, meta) in chunks]
    inner_shown = [
        (mode, part[0].content) if mode == "messages" else (mode, part) for mode, part in seen
    ]
    return {"outer": shown, "inner": inner_shown}


def single_mode_case() -> object:
    sub = inner_graph()
    seen: list[object] = []

    def caller(state: State) -> dict[str, Any]:
        seen.extend(sub.stream({"log": []}, stream_mode="values"))
        return {"log": ["done"]}

    graph = outer_graph(caller)
    outer = list(graph.stream({"log": []}, stream_mode="updates", subgraphs=True))
    return {"outer": outer, "inner": seen}


async def async_case() -> object:
    sub = inner_graph()
    seen: list[object] = []

    async def caller(state: State) -> dict[str, Any]:
        async for chunk in sub.astream({"log": []}, stream_mode=["updates", "custom"]):
            seen.append(chunk)
        return {"log": [f"seen:{len(seen)}"]}

    graph = outer_graph(caller)
    modes = ["updates", "values", "custom"]
    outer = [c async for c in graph.astream({"log": []}, stream_mode=modes, subgraphs=True)]
    return {"outer": outer, "inner": seen}


def interrupt_case() -> object:
    sub = inner_graph(asking=True)
    seen: list[object] = []

    def caller(state: State) -> dict[str, Any]:
        for chunk in sub.stream({"log": []}, stream_mode="updates"):
            seen.append(chunk)
        return {"log": ["caller done"]}

    graph = outer_graph(caller, MemorySaver())
    config = {"configurable": {"thread_id": "inner-stream"}}
    first = list(graph.stream({"log": []}, config, stream_mode="updates", subgraphs=True))
    seen_first = list(seen)
    seen.clear()
    second = list(
        graph.stream(Command(resume="yes"), config, stream_mode="updates", subgraphs=True)
    )
    return {"first": first, "inner_first": seen_first, "second": second, "inner_second": seen}


def run() -> object:
    return {
        "updates_custom_both": sync_case(["updates", "custom"], False, ["updates", "custom"], True),
        "values_inner_subgraphs": sync_case(["values"], True, ["updates", "custom"], True),
        "updates_inner_custom_outer": sync_case(["updates"], False, ["custom", "values"], True),
        "custom_inner_subgraphs": sync_case(["custom", "tasks"], True, ["custom", "updates"], True),
        "outer_without_subgraphs": sync_case(["updates", "custom"], True, ["updates"], False),
        "messages": messages_case(),
        "single_mode": single_mode_case(),
        "async": asyncio.run(async_case()),
        "interrupt": interrupt_case(),
    }
