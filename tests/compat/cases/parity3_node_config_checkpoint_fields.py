"""Where a node or `@task` call is, as its config says: `checkpoint_id` is None, the namespace
names the task, and `checkpoint_map` maps each enclosing graph (and, for a task call, each
caller) to the checkpoint its graph is on; also when replaying from an older checkpoint."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.config import get_config
from signoff.func import entrypoint, task
from signoff.graph import START, StateGraph

SEEN: list[object] = []


def show(where: str) -> None:
    conf = get_config()["configurable"]
    SEEN.append((where, {k: conf[k] for k in sorted(conf) if not k.startswith("__")}))


class State(TypedDict, total=False):
    x: int


def node(state: State) -> dict[str, Any]:
    show("node")
    return {}


@task
def inner(x: int) -> int:
    show("inner task")
    return x


@task
def outer(x: int) -> int:
    show("outer task")
    return inner(x).result()


@entrypoint(checkpointer=InMemorySaver())
def flow(x: int) -> int:
    show("entrypoint")
    return outer(x).result()


def run() -> object:
    SEEN.clear()
    sub = StateGraph(State)
    sub.add_node("inner", node)
    sub.add_edge(START, "inner")
    builder = StateGraph(State)
    builder.add_node("a", node)
    builder.add_node("sub", sub.compile())
    builder.add_edge(START, "a")
    builder.add_edge("a", "sub")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "1", "user": "u"}}
    graph.invoke({"x": 0}, config)
    before_a = next(h for h in graph.get_state_history(config) if h.next == ("a",))
    graph.invoke(None, before_a.config)
    flow.invoke(1, {"configurable": {"thread_id": "2"}})
    return {
        "seen": list(SEEN),
        "checkpoints": [h.config for h in graph.get_state_history(config)],
        "flow checkpoints": [
            h.config for h in flow.get_state_history({"configurable": {"thread_id": "2"}})
        ],
    }
