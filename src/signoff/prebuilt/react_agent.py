"""`create_react_agent`: a model that calls tools until it answers, as a small graph.

"agent" calls the model (with the tools bound) on the conversation; when the reply has tool calls,
"tools" runs them and the loop goes back to "agent"; when it has none, the graph ends (or first
asks the model for a `response_format` answer). With `version="v2"` (the default, as in LangGraph)
each tool call is its own task (`Send`); with "v1" one `ToolNode` task runs them all. Optional
`pre_model_hook` / `post_model_hook` nodes run before / after each model call; the pre hook may
return `llm_input_messages`, which the model then sees instead of the state's messages.

The state's `remaining_steps` (see `react_state`) lets the agent stop with "Sorry, need more steps
to process this request." when too few steps remain to run tools and ask the model again.

Calling it warns `LangGraphDeprecatedSinceV10` with LangGraph 1.2's own text (which points to
`langchain.agents`), so warning filters written for LangGraph keep matching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, ToolMessage
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from typing_extensions import deprecated

from signoff.constants import END
from signoff.graph.schema import is_pydantic_model
from signoff.prebuilt.react_model import AgentModel, bind_tools, model_nodes, prompt_function
from signoff.prebuilt.react_model import state_value as _get
from signoff.prebuilt.react_state import (
    AgentState,
    AgentStateWithStructuredResponse,
    RemainingSteps,
    check_state_schema,
    is_managed,
)
from signoff.prebuilt.tool_node import ToolNode
from signoff.types import Send
from signoff.warnings import LangGraphDeprecatedSinceV10


@deprecated(
    "create_react_agent has been moved to `langchain.agents`. Please update your import to "
    "`from langchain.agents import create_agent`.",
    category=LangGraphDeprecatedSinceV10,
)
def create_react_agent(
    model: Any,
    tools: Sequence[BaseTool | Callable[..., Any] | dict[str, Any]] | ToolNode,
    *,
    prompt: Any = None,
    response_format: Any = None,
    pre_model_hook: Any = None,
    post_model_hook: Any = None,
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
    """A compiled agent graph: nodes "agent" and "tools" (and "pre_model_hook",
    "post_model_hook", "generate_structured_response" when asked for).

    `model` is a chat model, or a function `model(state, runtime)` returning the chat model to
    use for that call (with its tools bound). `tools` may include provider tools given as dicts
    (`{"type": "web_search", ...}`): they are bound to the model but not run by the agent.
    """
    from signoff.graph import StateGraph

    if version not in ("v1", "v2"):
        raise ValueError(f"Invalid version {version}. Supported versions are 'v1' and 'v2'.")
    if state_schema is not None:
        check_state_schema(state_schema, response_format)
    else:
        state_schema = AgentState if response_format is None else AgentStateWithStructuredResponse
    if isinstance(model, str):
        raise ValueError(
            f"Model '{model}': pass a chat model object (e.g. ChatOpenAI(...)), not its name"
        )
    builtin: list[dict[str, Any]] = []
    if isinstance(tools, ToolNode):
        tool_node = tools
    else:
        builtin = [t for t in tools if isinstance(t, dict)]
        tool_node = ToolNode([t for t in tools if not isinstance(t, dict)])
    tool_list = list(tool_node.tools_by_name.values())
    dynamic = callable(model) and not isinstance(model, Runnable) and not hasattr(model, "invoke")
    if not dynamic:
        model = bind_tools(model, tool_list, builtin)
    agent = AgentModel(
        model=model,
        dynamic=dynamic,
        prompt=prompt_function(prompt),
        name=name,
        pre_model_hook=pre_model_hook is not None,
        managed_steps=is_managed(state_schema),
        return_direct={t.name for t in tool_list if t.return_direct},
    )
    call_model, structured = model_nodes(agent, response_format)

    graph = StateGraph(state_schema, context_schema)
    input_schema = state_schema if pre_model_hook is None else _with_llm_input(state_schema)
    graph.add_node("agent", call_model, input_schema=input_schema)
    entry = "agent"
    if pre_model_hook is not None:
        graph.add_node("pre_model_hook", pre_model_hook)
        graph.add_edge("pre_model_hook", "agent")
        entry = "pre_model_hook"
    graph.set_entry_point(entry)
    if post_model_hook is not None:
        graph.add_node("post_model_hook", post_model_hook)
        graph.add_edge("agent", "post_model_hook")
    done = END
    if structured is not None:
        graph.add_node("generate_structured_response", structured)
        done = "generate_structured_response"
    if not tool_list:
        if structured is not None:
            graph.add_edge("post_model_hook" if post_model_hook else "agent", done)
    else:
        _add_tool_loop(graph, tool_node, entry, done, version, post_model_hook is not None)
    return graph.compile(
        checkpointer=checkpointer,
        store=store,
        interrupt_before=interrupt_before,
        interrupt_after=interrupt_after,
        debug=debug,
        name=name,
    )


def _with_llm_input(state_schema: Any) -> Any:
    """The "agent" node's input schema when a pre-model hook may set `llm_input_messages`."""
    if is_pydantic_model(state_schema):
        from pydantic import create_model

        return create_model(
            "CallModelInputSchema",
            llm_input_messages=(list[AnyMessage], ...),
            __base__=state_schema,
        )

    class CallModelInputSchema(state_schema):  # type: ignore[misc]
        llm_input_messages: list[AnyMessage]

    return CallModelInputSchema


def _add_tool_loop(
    graph: Any, tool_node: ToolNode, entry: str, done: str, version: str, post_hook: bool
) -> None:
    direct = {t.name for t in tool_node.tools_by_name.values() if t.return_direct}

    def sends(state: Any, calls: list[Any]) -> list[Send]:
        payload = {"__type": "tool_call_with_context", "state": state}
        return [Send("tools", {**payload, "tool_call": call}) for call in calls]

    def should_continue(state: Any) -> Any:
        last = _get(state, "messages")[-1]
        if not isinstance(last, AIMessage) or not last.tool_calls:
            return "post_model_hook" if post_hook else done
        if version == "v1":
            return "tools"
        if post_hook:
            return "post_model_hook"
        return sends(state, last.tool_calls)

    def after_post_hook(state: Any) -> Any:
        messages = _get(state, "messages")
        answered = {m.tool_call_id for m in messages if isinstance(m, ToolMessage)}
        last_ai = next(m for m in reversed(messages) if isinstance(m, AIMessage))
        pending = [c for c in last_ai.tool_calls if c["id"] not in answered]
        if pending:
            return sends(state, pending)
        if isinstance(messages[-1], ToolMessage):
            return entry
        return done

    def route_tool_responses(state: Any) -> str:
        message: Any = None
        for message in reversed(_get(state, "messages")):
            if not isinstance(message, ToolMessage):
                break
            if message.name in direct:
                return END
        if isinstance(message, AIMessage) and any(c["name"] in direct for c in message.tool_calls):
            return END
        return entry

    graph.add_node("tools", tool_node)
    if post_hook:
        graph.add_conditional_edges("post_model_hook", after_post_hook, [entry, "tools", done])
        graph.add_conditional_edges("agent", should_continue, ["post_model_hook"])
    else:
        graph.add_conditional_edges("agent", should_continue, ["tools", done])
    if direct:
        graph.add_conditional_edges("tools", route_tool_responses, [entry, END])
    else:
        graph.add_edge("tools", entry)


create_tool_calling_executor = create_react_agent

__all__ = [
    "AgentState",
    "AgentStateWithStructuredResponse",
    "RemainingSteps",
    "create_react_agent",
    "create_tool_calling_executor",
]
