"""`bulk_update_state(config, supersteps)`: each superstep of `StateUpdate`s is one "update"
checkpoint; the writes of updates made as paused nodes show as those tasks' results in the history
of the checkpoint they were made on (not when it was an old one); `task_id`; the special
`as_node`s (END with None clears the tasks, "__input__", "__copy__" with a list of updates);
the async twin; and LangGraph's errors."""

import asyncio
import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import StateUpdate, interrupt


class State(TypedDict):
    x: int
    log: Annotated[list[str], operator.add]


def a(state: State) -> dict[str, Any]:
    return {"x": state["x"] + 1, "log": ["a"]}


def b(state: State) -> dict[str, Any]:
    return {"log": ["b:" + interrupt("b?")]}


def c(state: State) -> dict[str, Any]:
    return {"log": ["c"]}


def build() -> Any:
    builder = StateGraph(State)
    builder.add_node("a", a)
    builder.add_node("b", b)
    builder.add_node("c", c)
    builder.add_edge(START, "a")
    builder.add_edge("a", "b")
    builder.add_edge("a", "c")
    builder.add_edge("b", END)
    builder.add_edge("c", END)
    return builder.compile(checkpointer=InMemorySaver(), interrupt_before=["c"])


def history(graph: Any, config: Any, limit: int) -> list[Any]:
    return [
        {
            "metadata": s.metadata,
            "next": s.next,
            "values": s.values,
            "tasks": [(t.id, t.name, t.result, [i.value for i in t.interrupts]) for t in s.tasks],
            "id": s.config["configurable"]["checkpoint_id"],
            "parent": s.parent_config and s.parent_config["configurable"]["checkpoint_id"],
        }
        for s in graph.get_state_history(config, limit=limit)
    ]


def thread(graph: Any, name: str) -> Any:
    config = {"configurable": {"thread_id": name}}
    graph.invoke({"x": 1, "log": []}, config)
    return config


def attempt(graph: Any, config: Any, supersteps: Any) -> object:
    try:
        return graph.bulk_update_state(config, supersteps)
    except Exception as exc:
        return {"error": type(exc).__name__, "message": str(exc)}


async def in_async(graph: Any) -> object:
    config = {"configurable": {"thread_id": "async"}}
    await graph.ainvoke({"x": 1, "log": []}, config)
    steps = [[StateUpdate({"log": ["B"]}, "b"), StateUpdate({"log": ["C"]}, "c")]]
    returned = await graph.abulk_update_state(config, steps)
    await graph.aupdate_state(config, {"x": 0}, "a")
    state = await graph.aget_state(config)
    return {"returned": returned, "values": state.values, "next": state.next}


def run() -> object:
    graph = build()
    seen: dict[str, Any] = {}

    config = thread(graph, "two supersteps")
    steps = [
        [StateUpdate({"log": ["C"]}, "c"), StateUpdate({"log": ["B"]}, "b")],
        [StateUpdate({"x": 10}, "a")],
    ]
    seen["two supersteps"] = {
        "returned": graph.bulk_update_state(config, steps),
        "history": history(graph, config, 3),
        "resumed": graph.invoke(None, config),
    }

    config = thread(graph, "task id")
    task_id = graph.get_state(config).tasks[1].id
    graph.bulk_update_state(config, [[StateUpdate({"log": ["by id"]}, "b", task_id)]])
    seen["task id"] = history(graph, config, 2)

    config = thread(graph, "clear")
    graph.bulk_update_state(config, [[StateUpdate(None, END)]])
    seen["clear"] = {"history": history(graph, config, 2), "resumed": graph.invoke(None, config)}

    config = thread(graph, "copy")
    pairs = [({"log": ["C1"]}, "c"), ({"log": ["B1"]}, "b"), ({"log": ["C2"]}, "c")]
    graph.bulk_update_state(config, [[StateUpdate(pairs, "__copy__")]])
    seen["copy"] = {"history": history(graph, config, 4), "resumed": graph.invoke(None, config)}

    config = {"configurable": {"thread_id": "input"}}
    steps = [[StateUpdate({"x": 3, "log": []}, "__input__")], [StateUpdate({"x": 4}, "__start__")]]
    graph.bulk_update_state(config, steps)
    seen["input"] = {"history": history(graph, config, 3), "resumed": graph.invoke(None, config)}

    config = thread(graph, "old checkpoint")
    old = list(graph.get_state_history(config))[1].config
    steps = [[StateUpdate({"x": 7}, "a")], [StateUpdate({"log": ["z"]}, "c")]]
    graph.bulk_update_state(old, steps)
    seen["old checkpoint"] = history(graph, config, 5)

    seen["async"] = asyncio.run(in_async(graph))

    config = thread(graph, "errors")
    seen["errors"] = [
        attempt(graph, config, steps)
        for steps in [
            [],
            [[]],
            [[StateUpdate({"x": 1}), StateUpdate({"x": 2}, "a")]],
            [[StateUpdate({"x": 1}, "nope")]],
            [[StateUpdate(None, END), StateUpdate(None, END)]],
            [[StateUpdate({"x": 1}, "__input__"), StateUpdate({"x": 1}, "__input__")]],
            [[StateUpdate(None, "__input__")]],
            [[StateUpdate(None, "__copy__"), StateUpdate(None, "__copy__")]],
            [[StateUpdate({"x": 1}, "__end__")]],
        ]
    ]
    seen["errors"].append(
        attempt(graph, {"configurable": {"thread_id": "new"}}, [[StateUpdate(None, "__copy__")]])
    )
    seen["no checkpointer"] = attempt(
        StateGraph(State).add_node("a", a).add_edge(START, "a").compile(), config, []
    )
    return seen
