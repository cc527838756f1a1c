"""context_schema + Runtime[Context]: nodes read run context; it is not stored in the checkpoint.

The resume passes a different context; the question itself does not depend on it, since signoff's
order check (DESIGN.md section 3) deliberately refuses an answer whose question text changed. State
holds lists, not tuples: signoff's serializer keeps tuples (DESIGN.md section 4), LangGraph's
turns them into lists when a checkpoint is loaded.
"""

from dataclasses import dataclass
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.runtime import Runtime
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    seen: list[object]


@dataclass
class Context:
    user: str
    limit: int = 3


def greet(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    context = runtime.context
    return {"seen": [*state.get("seen", []), [type(context).__name__, context.user, context.limit]]}


def ask(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    answer = interrupt("ok?")
    return {"seen": [*state["seen"], [answer, runtime.context.user]]}


def run() -> object:
    builder = StateGraph(State, context_schema=Context)
    builder.add_node("greet", greet)
    builder.add_node("ask", ask)
    builder.add_edge(START, "greet")
    builder.add_edge("greet", "ask")
    builder.add_edge("ask", END)
    graph = builder.compile(checkpointer=MemorySaver())
    config = {"configurable": {"thread_id": "ctx"}}
    paused = graph.invoke({"seen": []}, config, context=Context(user="ada"))
    done = graph.invoke(Command(resume="yes"), config, context=Context(user="bob", limit=9))
    state = graph.get_state(config)
    return {"paused": paused, "done": done, "values": state.values, "metadata": state.metadata}
