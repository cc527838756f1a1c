"""`RunControl.request_drain()`: a run stops at the next superstep boundary with `GraphDrained`,
its last step checkpointed, and `invoke(None, config)` resumes it with nothing done twice — also
when the request comes from a SIGTERM handler in a real process, and for graphs run in a node."""

from __future__ import annotations

import json
import operator
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Annotated, Any

import pytest
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.errors import GraphDrained
from signoff.graph import START, StateGraph
from signoff.runtime import RunControl


class State(TypedDict, total=False):
    done: Annotated[list[str], operator.add]


def pipeline(ran: list[str], drain_in: str | None, control: RunControl | None) -> StateGraph:
    def step(name: str) -> Any:
        def node(state: State) -> dict[str, Any]:
            ran.append(name)
            if name == drain_in and control is not None:
                control.request_drain("deploy")
            return {"done": [name]}

        return node

    builder = StateGraph(State)
    names = ["fetch", "transform", "store"]
    for name in names:
        builder.add_node(name, step(name))
    builder.add_edge(START, "fetch")
    builder.add_edge("fetch", "transform")
    builder.add_edge("transform", "store")
    return builder


def test_drain_stops_after_the_step_and_resumes() -> None:
    ran: list[str] = []
    control = RunControl()
    graph = pipeline(ran, "fetch", control).compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    with pytest.raises(GraphDrained) as caught:
        graph.invoke({"done": []}, config, control=control)
    assert caught.value.reason == "deploy"
    state = graph.get_state(config)
    assert (state.values, state.next) == ({"done": ["fetch"]}, ("transform",))
    assert graph.invoke(None, config) == {"done": ["fetch", "transform", "store"]}
    assert ran == ["fetch", "transform", "store"]


def test_a_drained_control_stays_drained_and_a_fresh_one_runs() -> None:
    control = RunControl()
    control.request_drain()
    graph = pipeline([], None, None).compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    with pytest.raises(GraphDrained, match="Graph drained: shutdown"):
        graph.invoke({"done": []}, config, control=control)
    assert graph.get_state(config).next == ("__start__",)
    assert graph.invoke(None, config, control=RunControl())["done"] == [
        "fetch",
        "transform",
        "store",
    ]
    assert (control.drain_requested, control.drain_reason) == (True, "shutdown")


async def test_async_drain_from_another_thread() -> None:
    ran: list[str] = []
    control = RunControl()
    requested = threading.Event()

    def request() -> None:
        control.request_drain("scale-down")
        requested.set()

    def slow_fetch(state: State) -> dict[str, Any]:
        ran.append("fetch")
        threading.Thread(target=request).start()
        requested.wait(5)
        return {"done": ["fetch"]}

    def step(name: str) -> Any:
        def node(state: State) -> dict[str, Any]:
            ran.append(name)
            return {"done": [name]}

        return node

    builder = StateGraph(State)
    builder.add_node("fetch", slow_fetch)
    builder.add_node("transform", step("transform"))
    builder.add_node("store", step("store"))
    builder.add_edge(START, "fetch")
    builder.add_edge("fetch", "transform")
    builder.add_edge("transform", "store")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    parts = []
    with pytest.raises(GraphDrained, match="scale-down"):
        async for part in graph.astream({"done": []}, config, control=control):
            parts.append(part)
    assert parts == [{"fetch": {"done": ["fetch"]}}]
    assert (await graph.aget_state(config)).next == ("transform",)
    assert (await graph.ainvoke(None, config))["done"] == ["fetch", "transform", "store"]
    assert ran == ["fetch", "transform", "store"]


def test_a_graph_run_in_a_node_drains_with_its_parent() -> None:
    ran: list[str] = []
    control = RunControl()
    child = pipeline(ran, "fetch", control).compile()

    def run_child(state: State) -> dict[str, Any]:
        return {"done": child.invoke({"done": []})["done"]}

    def after(state: State) -> dict[str, Any]:
        ran.append("after")
        return {"done": ["after"]}

    builder = StateGraph(State)
    builder.add_node("child", run_child)
    builder.add_node("after", after)
    builder.add_edge(START, "child")
    builder.add_edge("child", "after")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "t"}}
    with pytest.raises(GraphDrained):
        graph.invoke({"done": []}, config, control=control)
    assert ran == ["fetch"]
    assert graph.get_state(config).next == ("child",)
    result = graph.invoke(None, config)
    assert result["done"] == ["fetch", "transform", "store", "after"]
    assert ran == ["fetch", "transform", "store", "after"]


CHILD = textwrap.dedent(
    """
    import json, operator, os, signal, sys
    from typing import Annotated
    from typing_extensions import TypedDict
    from signoff.checkpoint.sqlite import SqliteSaver
    from signoff.errors import GraphDrained
    from signoff.graph import START, StateGraph
    from signoff.runtime import RunControl

    db, log, first = sys.argv[1], sys.argv[2], sys.argv[3] == "first"

    class State(TypedDict, total=False):
        done: Annotated[list[str], operator.add]

    def step(name):
        def node(state):
            with open(log, "a") as f:
                f.write(name + "\\n")
            if first and name == "fetch":
                os.kill(os.getpid(), signal.SIGTERM)
            return {"done": [name]}
        return node

    builder = StateGraph(State)
    for name in ("fetch", "transform", "store"):
        builder.add_node(name, step(name))
    builder.add_edge(START, "fetch")
    builder.add_edge("fetch", "transform")
    builder.add_edge("transform", "store")

    control = RunControl()
    signal.signal(signal.SIGTERM, lambda signum, frame: control.request_drain("sigterm"))
    config = {"configurable": {"thread_id": "job-1"}}
    with SqliteSaver.from_conn_string(db) as saver:
        graph = builder.compile(checkpointer=saver)
        try:
            result = graph.invoke({"done": []} if first else None, config, control=control)
        except GraphDrained as exc:
            state = graph.get_state(config)
            print(json.dumps({"drained": exc.reason, "next": list(state.next)}))
            sys.exit(3)
    print(json.dumps({"result": result}))
    """
)


def test_sigterm_drains_a_real_process_and_another_resumes(tmp_path: Path) -> None:
    script = tmp_path / "job.py"
    script.write_text(CHILD)
    db, log = str(tmp_path / "job.db"), tmp_path / "ran.log"

    def run(mode: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(script), db, str(log), mode],
            capture_output=True,
            text=True,
            timeout=60,
        )

    first = run("first")
    assert first.returncode == 3, first.stderr
    assert json.loads(first.stdout) == {"drained": "sigterm", "next": ["transform"]}
    second = run("resume")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == {"result": {"done": ["fetch", "transform", "store"]}}
    assert log.read_text().split() == ["fetch", "transform", "store"]
    with SqliteSaver.from_conn_string(db) as saver:
        steps = [c.metadata["step"] for c in saver.list({"configurable": {"thread_id": "job-1"}})]
    assert steps == [3, 2, 1, 0, -1]
