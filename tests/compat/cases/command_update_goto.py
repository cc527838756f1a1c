"""Command(update=..., goto=...) from nodes: single target, several targets, END, with edges too."""

import operator
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command


class State(TypedDict, total=False):
    route: str
    log: Annotated[list[str], operator.add]
    note: str


def router(state: State) -> Command[Literal["left", "right", "__end__"]]:
    route = state["route"]
    if route == "both":
        return Command(update={"log": ["router"], "note": "both"}, goto=["left", "right"])
    if route == "stop":
        return Command(update={"note": "stopped"}, goto=END)
    return Command(update={"log": ["router"]}, goto=route)


def step(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [name]}

    return node


def back_to_left(state: State) -> Command[Literal["left"]]:
    return (
        Command(update={"log": ["bounce"]}, goto="left")
        if state["route"] == "bounce"
        else Command()
    )


def run() -> object:
    builder = StateGraph(State)
    builder.add_node("router", router)
    builder.add_node("left", step("left"))
    builder.add_node("right", step("right"))
    builder.add_node("bounce", back_to_left)
    builder.add_node("after", step("after"))
    builder.add_edge(START, "router")
    builder.add_edge("left", "after")
    builder.add_edge("right", "after")
    builder.add_edge("after", END)
    graph = builder.compile(checkpointer=MemorySaver())
    observed: dict[str, object] = {}
    for route in ("left", "right", "both", "stop", "bounce"):
        config = {"configurable": {"thread_id": route}}
        observed[route] = {
            "result": graph.invoke({"route": route, "log": []}, config),
            "updates": list(
                graph.stream(
                    {"route": route, "log": []},
                    {"configurable": {"thread_id": f"{route}-stream"}},
                    stream_mode="updates",
                )
            ),
            "history": [(h.metadata["step"], h.next) for h in graph.get_state_history(config)],
        }
    return observed
