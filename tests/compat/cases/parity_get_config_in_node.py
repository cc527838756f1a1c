"""What a node sees of its config: the `config` parameter vs get_config(), metadata and configurable."""

from typing import Any

from langchain_core.runnables import RunnableConfig
from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.config import get_config
from signoff.graph import START, StateGraph

SEEN: dict[str, object] = {}


class State(TypedDict, total=False):
    x: int


def node(state: State, config: RunnableConfig) -> dict[str, Any]:
    current = get_config()
    SEEN["same_object"] = current is config
    for name, cfg in (("param", config), ("get_config", current)):
        SEEN[name] = {
            "keys": sorted(cfg),
            "metadata": dict(cfg.get("metadata", {})),
            "configurable": sorted(k for k in cfg["configurable"] if not k.startswith("__")),
        }
    return {"x": 1}


def run() -> object:
    SEEN.clear()
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    graph = builder.compile(checkpointer=MemorySaver())
    config = {
        "configurable": {"thread_id": "t", "user": "u1", "api_key": "secret", "limit": 3},
        "metadata": {"run_by": "test"},
    }
    graph.invoke({}, config)
    return dict(SEEN)
