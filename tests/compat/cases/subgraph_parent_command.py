"""Command(graph=Command.PARENT, goto=..., update=...) from inside a subgraph routes the parent."""

import operator
from typing import Annotated, Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command


class State(TypedDict, total=False):
    log: Annotated[list[str], operator.add]
    route: str


def decide(state: State) -> Command[Any]:
    target = "escalate" if state.get("route") == "up" else "close"
    return Command(graph=Command.PARENT, goto=target, update={"log": [f"decide->{target}"]})


def never(state: State) -> dict[str, Any]:
    return {"log": ["never"]}


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return node


def build() -> Any:
    inner = StateGraph(State)
    inner.add_node("triage", step("triage"))
    inner.add_node("decide", decide)
    inner.add_node("never", never)
    inner.add_edge(START, "triage")
    inner.add_edge("triage", "decide")
    inner.add_edge("decide", "never")
    inner.add_edge("never", END)
    outer = StateGraph(State)
    outer.add_node("child", inner.compile(), destinations=("escalate", "close"))
    outer.add_node("escalate", step("escalate"))
    outer.add_node("close", step("close"))
    outer.add_edge(START, "child")
    outer.add_edge("escalate", END)
    outer.add_edge("close", END)
    return outer.compile(checkpointer=MemorySaver())


def run() -> object:
    graph = build()
    observed: dict[str, object] = {}
    for route in ("up", "down"):
        config = {"configurable": {"thread_id": route}}
        observed[route] = {
            "result": graph.invoke({"log": [], "route": route}, config),
            "history": [
                (h.metadata["step"], h.metadata["source"], h.next)
                for h in graph.get_state_history(config)
            ],
        }
    observed["stream"] = list(
        graph.stream(
            {"log": [], "route": "up"},
            {"configurable": {"thread_id": "stream"}},
            stream_mode="updates",
        )
    )
    return observed
