"""`Command(resume=..., update=..., goto=...)` answering the seed's approval node: the update
reaches the nodes and every later checkpoint (also on SQLite, which stores values by version);
the paused step's record in the history shows the update applied but not the goto's node."""

import operator
import sqlite3
from typing import Annotated, Any, Literal

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    draft: str
    result: str
    log: Annotated[list[str], operator.add]


def draft(state: State) -> dict[str, Any]:
    return {"draft": "hello", "log": ["draft"]}


def approve(state: State) -> Command[Literal["send", "cancel"]]:
    ok = interrupt({"draft": state["draft"], "question": "ok?"})
    return Command(goto="send" if ok else "cancel", update={"log": [f"approve:{ok}"]})


def send(state: State) -> dict[str, Any]:
    return {"result": "sent " + state["draft"], "log": ["send"]}


def cancel(state: State) -> dict[str, Any]:
    return {"result": "cancelled " + state["draft"], "log": ["cancel"]}


def ask(name: str) -> Any:
    def node(state: State) -> dict[str, Any]:
        return {"log": [f"{name}:{interrupt(name)}"]}

    return node


def other(state: State) -> dict[str, Any]:
    return {"log": ["other"]}


def approval_graph(saver: Any) -> Any:
    builder = StateGraph(State)
    for name, node in (("draft", draft), ("approve", approve), ("send", send), ("cancel", cancel)):
        builder.add_node(name, node)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "approve")
    builder.add_edge("send", END)
    builder.add_edge("cancel", END)
    return builder.compile(checkpointer=saver)


def history(graph: Any, config: Any) -> list[object]:
    return [(h.metadata, h.next, h.values) for h in graph.get_state_history(config)]


def approval(saver: Any) -> object:
    graph = approval_graph(saver)
    observed: dict[str, object] = {}
    for thread, command in (
        ("update", Command(resume=False, update={"draft": "edited"})),
        ("goto", Command(resume=True, goto="cancel")),
    ):
        config = {"configurable": {"thread_id": thread}}
        graph.invoke({"log": []}, config)
        result = graph.invoke(command, config)
        observed[thread] = {"result": result, "history": history(graph, config)}
    return observed


def two_questions() -> object:
    builder = StateGraph(State)
    builder.add_node("draft", draft)
    builder.add_node("q1", ask("q1"))
    builder.add_node("q2", ask("q2"))
    builder.add_node("other", other)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "q1")
    builder.add_edge("draft", "q2")
    graph = builder.compile(checkpointer=InMemorySaver())
    config = {"configurable": {"thread_id": "1"}}
    graph.invoke({"log": []}, config)
    ids = {i.value: i.id for i in graph.get_state(config).interrupts}
    first = graph.invoke(
        Command(resume={ids["q1"]: "A"}, goto="other", update={"draft": "new"}), config
    )
    paused = graph.get_state(config)
    last = graph.invoke(Command(resume={ids["q2"]: "B"}), config)
    return {"first": first, "paused": paused, "last": last, "history": history(graph, config)}


def run() -> object:
    with sqlite3.connect(":memory:", check_same_thread=False) as conn:
        on_sqlite = approval(SqliteSaver(conn))
    return {
        "memory": approval(InMemorySaver()),
        "sqlite": on_sqlite,
        "two questions": two_questions(),
    }
