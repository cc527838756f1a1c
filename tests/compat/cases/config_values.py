"""config["configurable"] values reach nodes through a `config` parameter and get_config()."""

from typing import Any

from langchain_core.runnables import RunnableConfig
from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.config import get_config
from signoff.graph import END, START, StateGraph


class State(TypedDict, total=False):
    seen: list[object]


def with_config(state: State, config: RunnableConfig) -> dict[str, Any]:
    conf = config["configurable"]
    return {
        "seen": [
            *state.get("seen", []),
            ("config", conf.get("user_id"), conf.get("thread_id"), config.get("recursion_limit")),
        ]
    }


def with_get_config(state: State) -> dict[str, Any]:
    config = get_config()
    conf = config["configurable"]
    return {"seen": [*state["seen"], ("get_config", conf.get("user_id"), conf.get("thread_id"))]}


def route(state: State, config: RunnableConfig) -> str:
    return "with_get_config" if config["configurable"].get("user_id") else "__end__"


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("with_config", with_config)
    builder.add_node("with_get_config", with_get_config)
    builder.add_edge(START, "with_config")
    builder.add_conditional_edges("with_config", route, ["with_get_config", "__end__"])
    builder.add_edge("with_get_config", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "cfg", "user_id": "u-7"}, "recursion_limit": 11}
    result = graph.invoke({"seen": []}, config)
    state = graph.get_state(config)
    anonymous = graph.invoke({"seen": []}, {"configurable": {"thread_id": "anon"}})
    return {
        "result": result,
        "metadata": state.metadata,
        "config_keys": sorted(state.config["configurable"]),
        "anonymous": anonymous,
    }
