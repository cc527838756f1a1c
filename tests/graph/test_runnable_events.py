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
from signoff.func import entrypoint, task
from signoff.graph import END, START, MessagesState, StateGraph
from signoff.types import Command, RetryPolicy, interrupt


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


class _Tree(BaseCallbackHandler):
    """Each chain or chat model run as (kind, name, parent's name, tags); errors by name."""

    def __init__(self) -> None:
        self.names: dict[UUID, str] = {}
        self.runs: list[tuple[str, str, str | None, list[str]]] = []
        self.errors: list[tuple[str, str]] = []
        self.inputs: dict[str, Any] = {}
        self.outputs: dict[str, Any] = {}

    def _start(self, kind: str, name: str, kw: dict[str, Any]) -> None:
        self.names[kw["run_id"]] = name
        parent = self.names.get(kw["parent_run_id"]) if kw.get("parent_run_id") else None
        self.runs.append((kind, name, parent, kw.get("tags") or []))

    def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        self._start("chain", kw["name"], kw)
        self.inputs[kw["name"]] = inputs

    def on_chat_model_start(self, serialized: Any, messages: Any, **kw: Any) -> None:
        self._start("model", "model", kw)

    def on_chain_end(self, outputs: Any, **kw: Any) -> None:
        self.outputs[self.names[kw["run_id"]]] = outputs

    def on_chain_error(self, error: BaseException, **kw: Any) -> None:
        self.errors.append((self.names[kw["run_id"]], type(error).__name__))


def test_a_routing_function_is_a_run_under_its_node_and_what_it_calls_under_it() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content="ok", id="m")]))

    def step(state: State) -> dict[str, Any]:
        return {"x": state["x"] + 1}

    def route(state: State) -> str:
        model.invoke("where to?")
        return "done"

    graph = (
        StateGraph(State)
        .add_node("step", step)
        .add_edge(START, "step")
        .add_conditional_edges("step", route, {"done": END})
        .compile()
    )
    tree = _Tree()
    assert graph.invoke({"x": 1}, {"callbacks": [tree]}) == {"x": 2}
    assert ("chain", "route", "step", ["seq:step:3"]) in tree.runs
    assert ("model", "model", "route", []) in tree.runs
    assert (tree.inputs["route"], tree.outputs["route"]) == ({"x": 2}, "done")
    assert [name for _, name, _, _ in tree.runs] == ["LangGraph", "step", "route", "model"]


def test_each_task_call_is_a_run_under_its_caller_and_a_recorded_one_is_not() -> None:
    @task
    def inner(x: int) -> int:
        return x * 2

    @task
    def outer(x: int, extra: int = 1) -> int:
        return inner(x).result() + extra

    @entrypoint(checkpointer=InMemorySaver())
    def flow(n: int) -> int:
        return outer(n).result() + interrupt("go on?")

    tree = _Tree()
    config: RunnableConfig = {"configurable": {"thread_id": "calls"}, "callbacks": [tree]}
    flow.invoke(3, config)
    assert tree.runs[1:] == [
        ("chain", "flow", "LangGraph", ["graph:step:0"]),
        ("chain", "outer", "flow", ["seq:step:1"]),
        ("chain", "inner", "outer", ["seq:step:1"]),
    ]
    assert (tree.inputs["outer"], tree.outputs["outer"]) == ({"x": 3, "extra": 1}, 7)
    resumed = _Tree()
    assert flow.invoke(Command(resume=1), {**config, "callbacks": [resumed]}) == 8
    assert [name for _, name, _, _ in resumed.runs] == ["LangGraph", "flow"]


def test_each_retry_attempt_is_a_node_run_of_its_own() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=c) for c in "ab"]))
    attempts: list[int] = []

    def flaky(state: State) -> dict[str, Any]:
        attempts.append(len(attempts))
        model.invoke("hi")
        if len(attempts) == 1:
            raise ValueError("once")
        return {"x": state["x"] + 1}

    policy = RetryPolicy(initial_interval=0, jitter=False, retry_on=ValueError)
    graph = (
        StateGraph(State)
        .add_node("flaky", flaky, retry_policy=policy)
        .add_edge(START, "flaky")
        .compile()
    )
    tree = _Tree()
    assert graph.invoke({"x": 1}, {"callbacks": [tree]}) == {"x": 2}
    starts = [e for e in tree.runs if e[1] in ("flaky", "model")]
    attempt = [
        ("chain", "flaky", "LangGraph", ["graph:step:1"]),
        ("model", "model", "flaky", ["seq:step:1"]),
    ]
    assert starts == attempt * 2
    assert tree.errors == [("flaky", "ValueError")]
    ids = [run_id for run_id, name in tree.names.items() if name == "flaky"]
    assert len(ids) == 2  # two runs, not one run started twice


def test_a_run_without_callbacks_never_loads_the_callback_machinery() -> None:
    script = (
        "import sys\n"
        "from typing import TypedDict\n"
        "from signoff.func import entrypoint, task\n"
        "from signoff.graph import END, START, StateGraph\n"
        "from signoff.types import RetryPolicy\n"
        "class S(TypedDict):\n"
        "    x: int\n"
        "tries = []\n"
        "def n(s):\n"
        "    tries.append(1)\n"
        "    if len(tries) == 1:\n"
        "        raise ValueError('once')\n"
        "    return {'x': 1}\n"
        "p = RetryPolicy(initial_interval=0, retry_on=ValueError)\n"
        "g = (StateGraph(S).add_node('n', n, retry_policy=p).add_edge(START, 'n')\n"
        "     .add_conditional_edges('n', lambda s: END).compile())\n"
        "g.invoke({'x': 0}); list(g.stream({'x': 0}))\n"
        "t = task(lambda x: x + 1)\n"
        "e = entrypoint()(lambda x: t(x).result())\n"
        "assert e.invoke(1) == 2\n"
        "print('signoff.runtime.callbacks' in sys.modules, 'langchain_core' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]
