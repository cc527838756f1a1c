"""InvalidUpdateError and friends: unknown keys, non-dict returns, two writes to a last-value key."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph


class State(TypedDict, total=False):
    value: str
    other: str


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def single(node: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile(checkpointer=MemorySaver())


def parallel() -> Any:
    builder = StateGraph(State)
    builder.add_node("left", lambda state: {"value": "L"})
    builder.add_node("right", lambda state: {"value": "R"})
    builder.add_edge(START, "left")
    builder.add_edge(START, "right")
    builder.add_edge("left", END)
    builder.add_edge("right", END)
    return builder.compile(checkpointer=MemorySaver())


def run() -> object:
    observed: dict[str, object] = {}
    returns: dict[str, Any] = {
        "unknown_key": {"nope": 1},
        "unknown_and_known": {"value": "v", "nope": 1},
        "none": None,
        "string": "text",
        "list": ["value"],
        "empty": {},
    }
    for name, returned in returns.items():
        graph = single(lambda state, returned=returned: returned)
        config = {"configurable": {"thread_id": name}}
        observed[name] = {
            "invoke": attempt(lambda graph=graph, config=config: graph.invoke({}, config)),
            "history": len(list(graph.get_state_history(config))),
        }
    graph = parallel()
    config = {"configurable": {"thread_id": "parallel"}}
    observed["parallel_last_value"] = attempt(lambda: graph.invoke({}, config))
    observed["parallel_state"] = attempt(
        lambda: (lambda s: (s.values, s.next, s.metadata))(graph.get_state(config))
    )
    observed["parallel_history"] = attempt(
        lambda: [(h.metadata["step"], h.next) for h in graph.get_state_history(config)]
    )
    observed["missing_thread_id"] = attempt(lambda: single(lambda s: {}).invoke({"nope": 1}))
    observed["unknown_input_key"] = attempt(
        lambda: single(lambda s: {}).invoke({"nope": 1}, {"configurable": {"thread_id": "in"}})
    )
    observed["update_state_after_failure"] = attempt(
        lambda: graph.update_state(config, {"nope": 1})
    )
    clean = single(lambda state: {"value": "v"})
    clean_config = {"configurable": {"thread_id": "clean"}}
    clean.invoke({}, clean_config)
    observed["update_state_unknown"] = attempt(
        lambda: clean.update_state(clean_config, {"nope": 1, "other": "o"})
    )
    after = clean.get_state(clean_config)
    observed["after_unknown_update"] = (after.values, after.next, after.metadata)
    return observed
