"""`astream_events` of a hand-built tool-calling agent (a scripted chat model, `ToolNode`,
`tools_condition`): each `tools_condition` call is a run under its agent node's run, beside the
chat model's; the tool runs under the tools node. And `create_react_agent`'s routing function,
`should_continue`."""

import asyncio
import warnings
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import tool

from signoff.graph import START, MessagesState, StateGraph
from signoff.prebuilt import ToolNode, create_react_agent, tools_condition


@tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


class Scripted(BaseChatModel):
    """Asks `add(total, k)` until two results are in, then states the total."""

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Any, **kwargs: Any) -> "Scripted":  # type: ignore[override]
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        results = [m for m in messages if isinstance(m, ToolMessage)]
        total = int(results[-1].content) if results else 0
        if len(results) < 2:
            k = len(results)
            call = {"name": "add", "args": {"a": total, "b": k + 1}, "id": f"call_{k}"}
            reply = AIMessage(content="", tool_calls=[call], id=f"ai_{k}")
        else:
            reply = AIMessage(content=f"total={total}", id="ai_end")
        return ChatResult(generations=[ChatGeneration(message=reply)])


def run() -> object:
    model = Scripted()

    def agent(state: MessagesState) -> dict[str, Any]:
        return {"messages": [model.invoke(state["messages"])]}

    graph = (
        StateGraph(MessagesState)
        .add_node("agent", agent)
        .add_node("tools", ToolNode([add]))
        .add_edge(START, "agent")
        .add_conditional_edges("agent", tools_condition)
        .add_edge("tools", "agent")
        .compile()
    )
    question = {"messages": [("user", "add them up")]}

    def shape(events: list[Any]) -> list[Any]:
        ids: dict[str, int] = {}
        return [
            (
                e["event"],
                e["name"],
                ids.setdefault(e["run_id"], len(ids)),
                [ids.get(p) for p in e["parent_ids"]],
                e["tags"],
                e["metadata"].get("langgraph_node"),
                e["metadata"].get("langgraph_step"),
            )
            for e in events
        ]

    async def observe() -> object:
        events = [e async for e in graph.astream_events(question, version="v2")]
        routes = [e for e in events if e["name"] == "tools_condition"]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # LangGraph deprecates create_react_agent
            react = create_react_agent(Scripted(), [add])
        prebuilt = [
            (e["event"], e["name"], e["tags"], len(e["parent_ids"]))
            async for e in react.astream_events(question, version="v2")
            if e["name"] == "should_continue"
        ]
        return {"shape": shape(events), "routes": routes, "prebuilt": prebuilt}

    return asyncio.run(observe())
