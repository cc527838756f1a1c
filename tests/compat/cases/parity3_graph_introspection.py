"""What a compiled graph tells about itself: `get_name()`, the compile-time breakpoint lists, the
Mermaid drawing of a `ToolNode` (its tools noted) and of an `@entrypoint`, and
`Interrupt.from_ns` giving the id of a task's first interrupt."""

from typing import Any

from langchain_core.tools import tool
from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint
from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode, tools_condition
from signoff.types import Interrupt, interrupt


@tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@tool
def mul(a: int, b: int) -> int:
    """Multiply two numbers."""
    return a * b


class State(TypedDict):
    x: int


def ask(state: State) -> dict[str, Any]:
    return {"x": interrupt("x?")}


@entrypoint(checkpointer=InMemorySaver())
def workflow(x: int) -> int:
    return x


def run() -> object:
    react = StateGraph(MessagesState)
    react.add_node("agent", lambda state: {"messages": []})
    react.add_node("tools", ToolNode([add, mul]))
    react.add_edge(START, "agent")
    react.add_conditional_edges("agent", tools_condition)
    react.add_edge("tools", "agent")
    drawn = react.compile()

    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    plain = builder.compile()
    named = builder.compile(checkpointer=InMemorySaver(), name="asker", interrupt_before=["ask"])
    config = {"configurable": {"thread_id": "1"}}
    named.invoke({"x": 1}, config)
    named.invoke(None, config)
    state = named.get_state(config)
    task = state.tasks[0]
    return {
        "names": [plain.get_name(), named.get_name(), named.get_name("input"), drawn.get_name("x")],
        "breakpoints": [
            plain.interrupt_before_nodes,
            plain.interrupt_after_nodes,
            named.interrupt_before_nodes,
        ],
        "tool node drawing": drawn.get_graph().draw_mermaid(),
        "entrypoint drawing": workflow.get_graph().draw_mermaid(),
        "from_ns": Interrupt.from_ns("x?", f"{task.name}:{task.id}") == state.interrupts[0],
    }
