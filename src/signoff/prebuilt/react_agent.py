"""`create_react_agent`: a model that calls tools until it answers, as a two-node graph.

"agent" calls the model (with the tools bound) on the conversation; when the reply has tool calls,
"tools" runs them and the loop goes back to "agent"; when it has none, the graph ends (or first
asks the model for a `response_format` answer). With `version="v2"` (the default, as in LangGraph)
each tool call is its own task (`Send`); with "v1" one `ToolNode` task runs them all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool
from typing_extensions import TypedDict

from signoff.constants import END
from signoff.graph.message import add_messages
from signoff.prebuilt.tool_node import ToolNode
from signoff.types import Send


class AgentState(TypedDict):
    """The state of a `create_react_agent` graph."""

    messages: Annotated[Sequence[BaseMessage], add_messages]


class AgentStateWithStructuredResponse(AgentState):
    structured_response: Any


def _messages(state: Any) -> list[BaseMessage]:
    value = state.get("messages") if isinstance(state, dict) else getattr(state, "messages", None)
    if value is None:
        raise ValueError(f"Expected input to call_model to have 'messages' key, but got {state}")
    return list(value)


def _prompt(prompt: Any) -> Callable[[Any], Any]:
    """The model input for a state: the messages, after a system prompt or a user function."""
    if prompt is None:
        return _messages
    if isinstance(prompt, str):
        prompt = SystemMessage(content=prompt)
    if isinstance(prompt, SystemMessage):
        system = prompt
        return lambda state: [system, *_messages(state)]
    if hasattr(prompt, "invoke"):
        runnable = prompt
        return lambda state: runnable.invoke(state)
    if callable(prompt):
        return prompt  # type: ignore[no-any-return]  # a user function: state -> model input
    raise ValueError(f"Got unexpected type for `prompt`: {type(prompt)}")


def _bound(model: Any, tools: Sequence[BaseTool]) -> Any:
    """`model.bind_tools(tools)`, unless it has no tools to bind or is bound already."""
    if not tools or not hasattr(model, "bind_tools"):
        return model
    if "tools" in (getattr(model, "kwargs", None) or {}):
        return model
    return model.bind_tools(tools)


class _CallModel:
    """The "agent" node."""

    def __init__(self, model: Any, prompt: Callable[[Any], Any], name: str | None) -> None:
        self.model = model
        self.prompt = prompt
        self.agent_name = name

    def __call__(self, state: Any, config: Any = None) -> dict[str, Any]:
        response = self.model.invoke(self.prompt(state), config)
        return self._update(response)

    async def __acall__(self, state: Any, config: Any = None) -> dict[str, Any]:
        model_input = self.prompt(state)
        if inspect.isawaitable(model_input):
            model_input = await model_input
        response = await self.model.ainvoke(model_input, config)
        return self._update(response)

    def _update(self, response: Any) -> dict[str, Any]:
        response.name = self.agent_name
        return {"messages": [response]}


class _StructuredResponse:
    """The "generate_structured_response" node."""

    def __init__(self, model: Any, response_format: Any) -> None:
        if isinstance(response_format, tuple):
            self.system: str | None = response_format[0]
            response_format = response_format[1]
        else:
            self.system = None
        self.model = model.with_structured_output(response_format)

    def __call__(self, state: Any, config: Any = None) -> dict[str, Any]:
        messages = _messages(state)
        if self.system is not None:
            messages = [SystemMessage(content=self.system), *messages]
        return {"structured_response": self.model.invoke(messages, config)}


def create_react_agent(
    model: Any,
    tools: Sequence[BaseTool | Callable[..., Any]] | ToolNode,
    *,
    prompt: Any = None,
    response_format: Any = None,
    state_schema: Any = None,
    context_schema: Any = None,
    checkpointer: Any = None,
    store: Any = None,
    interrupt_before: list[str] | None = None,
    interrupt_after: list[str] | None = None,
    debug: bool = False,
    version: Literal["v1", "v2"] = "v2",
    name: str | None = None,
) -> Any:
    """A compiled agent graph: nodes "agent" and "tools" (and "generate_structured_response")."""
    from signoff.graph import StateGraph

    if version not in ("v1", "v2"):
        raise ValueError(f"Invalid version {version}. Supported versions are 'v1' and 'v2'.")
    if isinstance(model, str):
        raise ValueError(
            f"Model '{model}': pass a chat model object (e.g. ChatOpenAI(...)), not its name"
        )
    tool_node = tools if isinstance(tools, ToolNode) else ToolNode(list(tools))
    tool_list = list(tool_node.tools_by_name.values())
    if state_schema is None:
        state_schema = AgentState if response_format is None else AgentStateWithStructuredResponse
    graph = StateGraph(state_schema, context_schema)
    graph.add_node("agent", _CallModel(_bound(model, tool_list), _prompt(prompt), name))
    graph.set_entry_point("agent")
    done = END
    if response_format is not None:
        graph.add_node("generate_structured_response", _StructuredResponse(model, response_format))
        graph.add_edge("generate_structured_response", END)
        done = "generate_structured_response"
    if not tool_list:
        graph.add_edge("agent", done)
    else:
        _add_tool_loop(graph, tool_node, done, version)
    return graph.compile(
        checkpointer=checkpointer,
        store=store,
        interrupt_before=interrupt_before,
        interrupt_after=interrupt_after,
        debug=debug,
        name=name,
    )


def _add_tool_loop(graph: Any, tool_node: ToolNode, done: str, version: str) -> None:
    direct = {t.name for t in tool_node.tools_by_name.values() if t.return_direct}

    def should_continue(state: Any) -> Any:
        last = _messages(state)[-1]
        if not isinstance(last, AIMessage) or not last.tool_calls:
            return done
        if version == "v1":
            return "tools"
        payload = {"__type": "tool_call_with_context", "state": state}
        return [Send("tools", {**payload, "tool_call": call}) for call in last.tool_calls]

    def route_tool_responses(state: Any) -> str:
        message: Any = None
        for message in reversed(_messages(state)):
            if not isinstance(message, ToolMessage):
                break
            if message.name in direct:
                return END
        if isinstance(message, AIMessage) and any(c["name"] in direct for c in message.tool_calls):
            return END
        return "agent"

    graph.add_node("tools", tool_node)
    graph.add_conditional_edges("agent", should_continue, ["tools", done])
    if direct:
        graph.add_conditional_edges("tools", route_tool_responses, ["agent", END])
    else:
        graph.add_edge("tools", "agent")


create_tool_calling_executor = create_react_agent

__all__ = [
    "AgentState",
    "AgentStateWithStructuredResponse",
    "create_react_agent",
    "create_tool_calling_executor",
]
