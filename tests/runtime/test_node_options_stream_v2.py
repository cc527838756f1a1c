"""`version="v2"`: every stream part is `{"type", "ns", "data"}` (values parts add
`"interrupts"`), and `invoke` returns a `GraphOutput`; state built into the schema."""

from __future__ import annotations

import operator
from typing import Annotated, Any

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.config import get_stream_writer
from signoff.graph import START, StateGraph
from signoff.types import Command, GraphOutput, interrupt


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]


def write(state: State) -> dict[str, Any]:
    get_stream_writer()("working")
    return {"log": ["write"]}


def review(state: State) -> dict[str, Any]:
    return {"log": ["review:" + interrupt("ship it?")]}


def build() -> Any:
    builder = StateGraph(State)
    builder.add_node("write", write)
    builder.add_node("review", review)
    builder.add_edge(START, "write")
    builder.add_edge("write", "review")
    return builder.compile(checkpointer=InMemorySaver())


def test_parts_of_every_mode_share_one_shape() -> None:
    graph = build()
    config = {"configurable": {"thread_id": "t"}}
    parts = list(
        graph.stream(
            {"log": []},
            config,
            stream_mode=["values", "updates", "custom", "tasks", "checkpoints", "debug"],
            version="v2",
        )
    )
    assert {p["type"] for p in parts} == {
        "values",
        "updates",
        "custom",
        "tasks",
        "checkpoints",
        "debug",
    }
    for part in parts:
        assert set(part) == (
            {"type", "ns", "data", "interrupts"}
            if part["type"] == "values"
            else {"type", "ns", "data"}
        )
        assert part["ns"] == ()
    assert {"type": "custom", "ns": (), "data": "working"} in parts
    assert {"type": "updates", "ns": (), "data": {"write": {"log": ["write"]}}} in parts
    *_, last = [p for p in parts if p["type"] == "values"]
    assert last["data"] == {"log": ["write"]}
    [question] = last["interrupts"]
    assert question.value == "ship it?"
    assert "__interrupt__" not in last["data"]


def test_invoke_returns_graph_output() -> None:
    graph = build()
    config = {"configurable": {"thread_id": "t"}}
    paused = graph.invoke({"log": []}, config, version="v2")
    assert isinstance(paused, GraphOutput)
    assert paused.value == {"log": ["write"]}
    [question] = paused.interrupts
    done = graph.invoke(Command(resume="yes"), config, version="v2")
    assert done == GraphOutput(value={"log": ["write", "review:yes"]}, interrupts=())
    with pytest.warns(DeprecationWarning):
        assert paused["__interrupt__"] == (question,)
    with pytest.warns(DeprecationWarning):
        assert "log" in done


async def test_async_and_pydantic_state() -> None:
    class Doc(BaseModel):
        text: str = ""
        words: int = 0

    def count(state: Doc) -> dict[str, Any]:
        return {"words": len(state.text.split())}

    builder = StateGraph(Doc)
    builder.add_node("count", count)
    builder.add_edge(START, "count")
    graph = builder.compile()
    parts = [p async for p in graph.astream({"text": "a b c"}, stream_mode="values", version="v2")]
    assert [p["data"] for p in parts] == [Doc(text="a b c"), Doc(text="a b c", words=3)]
    result = await graph.ainvoke({"text": "a b"}, version="v2")
    assert result.value == Doc(text="a b", words=2)
    assert graph.invoke({"text": "a b"}) == {"text": "a b", "words": 2}  # v1: a dict


def test_subgraph_parts_carry_their_namespace() -> None:
    child = StateGraph(State)
    child.add_node("write", write)
    child.add_edge(START, "write")
    parent = StateGraph(State)
    parent.add_node("child", child.compile())
    parent.add_edge(START, "child")
    parts = list(
        parent.compile().stream({"log": []}, stream_mode="updates", subgraphs=True, version="v2")
    )
    assert [p["ns"][0].split(":")[0] if p["ns"] else "" for p in parts] == ["child", ""]
    assert all(p["type"] == "updates" for p in parts)


def test_unknown_version_streams_as_v1() -> None:
    graph = build()
    chunks = list(graph.stream({"log": []}, {"configurable": {"thread_id": "t"}}, version="v3"))
    assert chunks[0] == {"write": {"log": ["write"]}}
    assert [i.value for i in chunks[1]["__interrupt__"]] == ["ship it?"]
    result = graph.invoke({"log": []}, {"configurable": {"thread_id": "u"}}, version="v0")
    assert not isinstance(result, GraphOutput)
    assert result["log"] == ["write"]


def _flow() -> Any:
    from signoff.func import entrypoint, task

    @task
    def double(x: int) -> int:
        return x * 2

    @entrypoint(checkpointer=InMemorySaver())
    def flow(x: int) -> dict[str, Any]:
        y = double(x).result()
        return {"y": y, "ok": interrupt({"y": y})}

    return flow


def test_entrypoint_invoke_returns_graph_output() -> None:
    flow = _flow()
    config = {"configurable": {"thread_id": "v2-flow"}}
    paused = flow.invoke(3, config, version="v2")
    assert paused.value == {}
    assert [i.value for i in paused.interrupts] == [{"y": 6}]
    done = flow.invoke(Command(resume="yes"), config, version="v2")
    assert done == GraphOutput(value={"y": 6, "ok": "yes"}, interrupts=())


def test_a_recorded_task_shows_starting_on_resume_but_not_running() -> None:
    flow = _flow()
    config = {"configurable": {"thread_id": "v2-tasks"}}
    list(flow.stream(3, config, stream_mode="tasks", version="v2"))
    parts = list(flow.stream(Command(resume="yes"), config, stream_mode="tasks", version="v2"))
    shown = [(p["data"]["name"], "result" in p["data"]) for p in parts]
    assert shown == [("flow", False), ("double", False), ("flow", True)]
