"""A node annotated `-> Command[Literal[...]]` (the seed's approval node): drawing and compile checks."""

from typing import Any, Literal

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    result: str


def approval(state: State) -> Command[Literal["execute", "cancel"]]:
    return Command(goto="execute" if interrupt("Proceed?") else "cancel")


def typo(state: State) -> Command[Literal["execute", "cancle"]]:
    return Command(goto="execute")


def route_typo(state: State) -> Literal["execute", "cancle"]:
    return "execute"


def execute(state: State) -> dict[str, Any]:
    return {"result": "done"}


def cancel(state: State) -> dict[str, Any]:
    return {"result": "cancelled"}


def compile_with(add_first: Any) -> object:
    builder = StateGraph(State)
    add_first(builder)
    builder.add_node("execute", execute)
    builder.add_node("cancel", cancel)
    builder.add_edge(START, "first")
    builder.add_edge("execute", END)
    builder.add_edge("cancel", END)
    try:
        graph = builder.compile(checkpointer=MemorySaver())
    except ValueError as exc:
        return {"raises": type(exc).__name__, "message": str(exc)}
    return graph.get_graph().draw_mermaid()


def run() -> object:
    def with_annotation(builder: StateGraph) -> None:
        builder.add_node("first", approval)

    def with_typo(builder: StateGraph) -> None:
        builder.add_node("first", typo)

    def with_bad_destinations(builder: StateGraph) -> None:
        builder.add_node("first", lambda state: {}, destinations=("execute", "cancle"))

    def with_literal_branch(builder: StateGraph) -> None:
        builder.add_node("first", lambda state: {})
        builder.add_conditional_edges("first", route_typo)

    return {
        "mermaid": compile_with(with_annotation),
        "typo_in_command_literal": compile_with(with_typo),
        "typo_in_destinations": compile_with(with_bad_destinations),
        "typo_in_branch_literal": compile_with(with_literal_branch),
    }
