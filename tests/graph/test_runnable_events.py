"""The langchain_core Runnable surface of a compiled graph: `batch`/`abatch` (and `_as_completed`)
and `astream_events`, built on the run reporting itself to the callbacks in its config."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import Any, TypedDict
from uuid import UUID

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableConfig

from signoff.checkpoint.memory import InMemorySaver
from signoff.config import get_config
from signoff.func import entrypoint
from signoff.graph import START, MessagesState, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict):
    x: int


def _tagged_graph() -> Any:
    def node(state: State) -> dict[str, Any]:
        if state["x"] < 0:
            raise ValueError("negative")
        return {"x": state["x"] + len(get_config().get("tags") or ())}

    return StateGraph(State).add_node("node", node).add_edge(START, "node").compile()


def test_batch_gives_each_input_its_config_and_keeps_failures_in_place() -> None:
    graph = _tagged_graph()
    configs: list[RunnableConfig] = [{"tags": ["a"]}, {"tags": ["a", "b", "c"]}, {}]
    assert graph.batch([{"x": 0}, {"x": 0}], configs[:2]) == [{"x": 1}, {"x": 3}]
    results = graph.batch([{"x": 0}, {"x": -1}, {"x": 5}], configs, return_exceptions=True)
    assert results[0] == {"x": 1} and results[2] == {"x": 5}
    assert isinstance(results[1], ValueError)
    with pytest.raises(ValueError, match="negative"):
        graph.batch([{"x": 0}, {"x": -1}])


def test_batch_on_a_checkpointed_graph_pauses_and_resumes_each_thread() -> None:
    def ask(state: State) -> dict[str, Any]:
        return {"x": state["x"] + interrupt("more?")}

    graph = (
        StateGraph(State)
        .add_node("ask", ask)
        .add_edge(START, "ask")
        .compile(checkpointer=InMemorySaver())
    )
    threads: list[RunnableConfig] = [{"configurable": {"thread_id": t}} for t in ("p", "q")]
    paused = graph.batch([{"x": 1}, {"x": 2}], threads)
    assert [p["__interrupt__"][0].value for p in paused] == ["more?", "more?"]
    assert graph.batch([Command(resume=10), Command(resume=20)], threads) == [
        {"x": 11},
        {"x": 22},
    ]


async def test_abatch_as_completed_yields_each_run_when_it_finishes() -> None:
    second_done = asyncio.Event()

    async def node(state: State) -> dict[str, Any]:
        if state["x"] == 1:
            await second_done.wait()  # the first input finishes only after the second
        else:
            second_done.set()
        return {"x": state["x"] * 10}

    graph = StateGraph(State).add_node("node", node).add_edge(START, "node").compile()
    pairs = [pair async for pair in graph.abatch_as_completed([{"x": 1}, {"x": 2}])]
    assert pairs == [(1, {"x": 20}), (0, {"x": 10})]
    assert await graph.abatch([{"x": 1}, {"x": 2}]) == [{"x": 10}, {"x": 20}]


async def test_astream_events_nests_a_chat_model_under_its_node() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content="one two", id="m")]))

    async def talk(state: MessagesState) -> dict[str, Any]:
        return {"messages": [await model.ainvoke(state["messages"])]}

    graph = StateGraph(MessagesState).add_node("talk", talk).add_edge(START, "talk").compile()
    events = [e async for e in graph.astream_events({"messages": [("user", "hi")]})]
    graph_run = events[0]
    node_start = next(e for e in events if e["event"] == "on_chain_start" and e["name"] == "talk")
    tokens = [e for e in events if e["event"] == "on_chat_model_stream"]
    assert [t["data"]["chunk"].content for t in tokens] == ["one", " ", "two"]
    assert {tuple(t["parent_ids"]) for t in tokens} == {(graph_run["run_id"], node_start["run_id"])}
    assert node_start["tags"] == ["graph:step:1"]
    assert node_start["metadata"]["langgraph_node"] == "talk"
    assert tokens[0]["metadata"]["langgraph_node"] == "talk"
    assert events[-1]["event"] == "on_chain_end" and events[-1]["name"] == "LangGraph"


async def test_astream_events_shows_a_subgraph_run_inside_the_node_that_runs_it() -> None:
    def inner(state: State) -> dict[str, Any]:
        return {"x": state["x"] + 1}

    sub = StateGraph(State).add_node("inner", inner).add_edge(START, "inner").compile()
    graph = StateGraph(State).add_node("outer", sub).add_edge(START, "outer").compile()
    starts = {
        e["name"]: e
        async for e in graph.astream_events({"x": 1}, {"run_name": "root"})
        if e["event"] == "on_chain_start"
    }
    assert set(starts) == {"root", "outer", "LangGraph", "inner"}
    chain = [starts[name]["run_id"] for name in ("root", "outer", "LangGraph")]
    assert starts["inner"]["parent_ids"] == chain


async def test_astream_events_of_an_entrypoint_and_an_interrupt() -> None:
    @entrypoint(checkpointer=InMemorySaver())
    def flow(number: int) -> int:
        return number + interrupt("add what?")

    config: RunnableConfig = {"configurable": {"thread_id": "e"}}
    paused = [(e["event"], e["name"]) async for e in flow.astream_events(1, config)]
    assert paused == [
        ("on_chain_start", "LangGraph"),
        ("on_chain_start", "flow"),
        ("on_chain_stream", "LangGraph"),  # the interrupt
        ("on_chain_end", "LangGraph"),
    ]
    ends = [e async for e in flow.astream_events(Command(resume=4), config)]
    assert [e["data"]["output"] for e in ends if e["event"] == "on_chain_end"] == [5, 5]


class _Runs(BaseCallbackHandler):
    def __init__(self) -> None:
        self.starts: list[tuple[str, UUID | None, dict[str, Any]]] = []
        self.ends: list[Any] = []

    def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        self.starts.append((kw["name"], kw.get("parent_run_id"), kw.get("metadata") or {}))

    def on_chain_end(self, outputs: Any, **kw: Any) -> None:
        self.ends.append(outputs)


def test_a_handler_given_to_invoke_sees_the_graph_and_node_runs() -> None:
    graph = _tagged_graph()
    runs = _Runs()
    assert graph.invoke({"x": 0}, {"callbacks": [runs], "tags": ["t"]}) == {"x": 1}
    (graph_name, root_parent, _), (node_name, node_parent, metadata) = runs.starts
    assert (graph_name, root_parent, node_name) == ("LangGraph", None, "node")
    assert node_parent is not None and metadata["langgraph_step"] == 1
    assert runs.ends == [{"x": 1}, {"x": 1}]


def test_a_run_without_callbacks_never_loads_the_callback_machinery() -> None:
    script = (
        "import sys\n"
        "from typing import TypedDict\n"
        "from signoff.graph import START, StateGraph\n"
        "class S(TypedDict):\n"
        "    x: int\n"
        "g = StateGraph(S).add_node('n', lambda s: {'x': 1}).add_edge(START, 'n').compile()\n"
        "g.invoke({'x': 0}); list(g.stream({'x': 0}))\n"
        "print('signoff.runtime.callbacks' in sys.modules, 'langchain_core' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]
