"""4. A ReAct agent making 20 tool calls with a scripted langchain_core chat model, on
InMemorySaver, and the langchain_core floor: the same model and tool calls without any graph.

The graph is the seed's hand-built agent (`MessagesState`, `ToolNode`, `tools_condition`). The
model is a real `BaseChatModel` whose answer is a pure function of the conversation: while fewer
than `calls` tool results are in, it asks `add(total, k)`; then it states the total. So every
run's messages are known in advance, and the floor makes exactly the model and tool calls the
graph makes.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import tool

from bench.lib import Lib, expect, thread
from bench.measure import Budget, Case, Metric, time_case

NUMBER = "4"
NAME = "react"
TITLE = "ReAct agent, 20 tool calls, scripted model"
METRICS = (
    Metric("run_ms", "agent run", "ms", primary=True),
    Metric("floor_ms", "langchain_core floor (no graph)", "ms"),
    Metric("overhead_ms", "agent run minus floor", "ms"),
)
SIZE = 20
SMOKE_SIZE = 3
SCALING = "per-unit"


@tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


class ScriptedModel(BaseChatModel):
    """A chat model whose reply depends only on the messages so far (see the module docstring)."""

    calls: int = 20

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedModel:  # type: ignore[override]  # the script knows its one tool
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        results = [m for m in messages if isinstance(m, ToolMessage)]
        total = int(results[-1].content) if results else 0
        done = len(results)
        if done < self.calls:
            call = {"name": "add", "args": {"a": total, "b": done + 1}, "id": f"call_{done}"}
            reply = AIMessage(content="", tool_calls=[call])
        else:
            reply = AIMessage(content=f"total={total}")
        return ChatResult(generations=[ChatGeneration(message=reply)])


def expected_transcript(calls: int) -> list[tuple[str, str]]:
    """(type, content) of every message of a run, computed without a model or a graph."""
    transcript = [("human", "add them up")]
    total = 0
    for k in range(1, calls + 1):
        total += k
        transcript += [("ai", ""), ("tool", str(total))]
    return [*transcript, ("ai", f"total={sum(range(1, calls + 1))}")]


def transcript(messages: list[BaseMessage]) -> list[tuple[str, str]]:
    return [(m.type, str(m.content)) for m in messages]


def build(lib: Lib, calls: int) -> Any:
    g, prebuilt = lib.graph, lib.prebuilt
    model = ScriptedModel(calls=calls).bind_tools([add])

    def agent(state: dict[str, Any]) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    builder = g.StateGraph(g.MessagesState)
    builder.add_node("agent", agent)
    builder.add_node("tools", prebuilt.ToolNode([add]))
    builder.add_edge(g.START, "agent")
    builder.add_conditional_edges("agent", prebuilt.tools_condition)
    builder.add_edge("tools", "agent")
    return builder.compile(checkpointer=lib.memory.InMemorySaver())


def floor(calls: int) -> list[BaseMessage]:
    """The same model and tool invocations as one agent run, in a plain loop."""
    model = ScriptedModel(calls=calls).bind_tools([add])
    messages: list[BaseMessage] = [HumanMessage("add them up")]
    while True:
        reply = model.invoke(messages)
        messages.append(reply)
        if not reply.tool_calls:
            return messages
        for call in reply.tool_calls:
            messages.append(add.invoke({**call, "type": "tool_call"}))


def case(lib: Lib, calls: int) -> Case:
    graph = build(lib, calls)
    wanted = expected_transcript(calls)
    limit = 2 * calls + 10

    def run(rep: int) -> object:
        return graph.invoke(
            {"messages": [HumanMessage("add them up")]}, thread("react", rep, recursion_limit=limit)
        )

    def check(rep: int, result: object) -> None:
        expect(transcript(result["messages"]), wanted, "agent messages")  # type: ignore[index]  # invoke returns the state dict

    return Case(run=run, check=check)


def floor_case(calls: int) -> Case:
    wanted = expected_transcript(calls)

    def check(rep: int, result: object) -> None:
        expect(transcript(result), wanted, "floor messages")  # type: ignore[arg-type]  # floor returns messages

    return Case(run=lambda rep: floor(calls), check=check)


def measure(lib: Lib, size: int, budget: Budget) -> dict[str, float]:
    floor_ms, _ = time_case(floor_case(size), budget)
    run_ms, _ = time_case(case(lib, size), budget)
    return {"run_ms": run_ms, "floor_ms": floor_ms, "overhead_ms": run_ms - floor_ms}
