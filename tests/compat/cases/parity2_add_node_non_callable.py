"""add_node with something that is not a node (an int, a string): refused when added."""

from typing import Any

from typing_extensions import TypedDict

from signoff.graph import START, StateGraph


class State(TypedDict, total=False):
    value: str


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error).splitlines()[0]}


def run() -> object:
    observed: dict[str, object] = {}
    for label, action in {"int": 5, "str": "not a function"}.items():
        builder = StateGraph(State)
        observed[f"add_{label}"] = attempt(
            lambda builder=builder, action=action: builder.add_node("x", action) and "added"
        )

        def build_and_run(builder: Any = builder) -> object:
            builder.add_edge(START, "x")
            return builder.compile().invoke({})

        observed[f"run_{label}"] = attempt(build_and_run)
    return observed
