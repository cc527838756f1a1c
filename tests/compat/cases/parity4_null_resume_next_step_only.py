"""A plain Command(resume=...) after a static breakpoint: only the tasks of the step the run
resumes with can take it; a node of a later step asks its question (all durability modes)."""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    a: str
    b: str


def first(state: State) -> dict[str, Any]:
    return {"a": "A"}


def second(state: State) -> dict[str, Any]:
    return {"b": f"{interrupt('q1')}/{interrupt('q2')}"}


def scenario(stop_before: str, durability: str) -> object:
    builder = StateGraph(State)
    builder.add_node("first", first)
    builder.add_node("second", second)
    builder.add_edge(START, "first")
    builder.add_edge("first", "second")
    builder.add_edge("second", END)
    graph = builder.compile(checkpointer=InMemorySaver(), interrupt_before=[stop_before])
    config: Any = {"configurable": {"thread_id": "t"}}
    seen = [graph.invoke({}, config, durability=durability)]
    for answer in ("r1", "r2", "r3"):
        out = graph.invoke(Command(resume=answer), config, durability=durability)
        seen.append(
            {k: [i.value for i in v] if k == "__interrupt__" else v for k, v in out.items()}
        )
    return {"outputs": seen, "next": graph.get_state(config).next}


def run() -> object:
    return {
        f"{stop}-{mode}": scenario(stop, mode)
        for stop in ("first", "second")
        for mode in ("sync", "async", "exit")
    }
