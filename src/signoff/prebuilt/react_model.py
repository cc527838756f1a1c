"""The model side of `create_react_agent`: the prompt, binding the tools, and the "agent" and
"generate_structured_response" nodes.

The model is a chat model (static: the tools are bound once) or a function `model(state,
runtime)` that picks one per call (dynamic: it binds its own tools). A coroutine function as the
dynamic model or the prompt makes the nodes async, so the agent then runs with `ainvoke` /
`astream` only.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage
from langchain_core.runnables import Runnable, RunnableBinding, RunnableSequence
from langchain_core.tools import BaseTool

from signoff.errors import ErrorCode, create_error_message
from signoff.prebuilt.react_state import remaining_steps

NEED_MORE_STEPS = "Sorry, need more steps to process this request."


def state_value(state: Any, key: str, default: Any = None) -> Any:
    if isinstance(state, dict):
        return state.get(key, default)
    return getattr(state, key, default)


def with_values(state: Any, **values: Any) -> Any:
    """A copy of `state` (a dict, Pydantic model or dataclass) with `values` set."""
    if isinstance(state, dict):
        return {**state, **values}
    if hasattr(state, "model_copy"):
        return state.model_copy(update=values)
    if dataclasses.is_dataclass(state) and not isinstance(state, type):
        return dataclasses.replace(state, **values)
    for key, value in values.items():
        setattr(state, key, value)
    return state


def prompt_function(prompt: Any) -> Callable[[Any], Any]:
    """The model input for a state: its messages, after a system prompt, or a user function's or
    runnable's result (a coroutine function gives an awaitable)."""
    if prompt is None:
        return lambda state: state_value(state, "messages")
    if isinstance(prompt, str):
        prompt = SystemMessage(content=prompt)
    if isinstance(prompt, SystemMessage):
        system = prompt
        return lambda state: [system, *state_value(state, "messages")]
    if isinstance(prompt, Runnable):
        runnable = prompt
        return lambda state: runnable.invoke(state)
    if callable(prompt):
        return prompt  # type: ignore[no-any-return]  # a user function: state -> model input
    raise ValueError(f"Got unexpected type for `prompt`: {type(prompt)}")


def _model_step(model: Any) -> Any:
    """The model in a `prompt | model` sequence (the sequence itself if it has none)."""
    if isinstance(model, RunnableSequence):
        return next(
            (s for s in model.steps if isinstance(s, (RunnableBinding, BaseChatModel))), model
        )
    return model


def bind_tools(model: Any, tools: Sequence[BaseTool], builtin: Sequence[dict[str, Any]]) -> Any:
    """`model.bind_tools(tools + builtin)`, unless there is nothing to bind or the model has its
    tools bound already (then they must be the agent's tools, as LangGraph checks)."""
    step = _model_step(model)
    if isinstance(step, RunnableBinding) and "tools" in step.kwargs:
        bound = step.kwargs["tools"]
        if len(tools) != len(bound) - len(builtin):
            raise ValueError(
                "Number of tools in the model.bind_tools() and tools passed to "
                f"create_react_agent must match Got {len(tools)} tools, expected "
                f"{len(bound) - len(builtin)}"
            )
        names = set()
        for spec in bound:
            if spec.get("type") == "function":
                names.add(spec["function"]["name"])
            elif spec.get("name"):
                names.add(spec["name"])
        if missing := {t.name for t in tools} - names:
            raise ValueError(f"Missing tools '{missing}' in the model.bind_tools()")
        return model
    if not (tools or builtin) or not hasattr(model, "bind_tools"):
        return model
    return model.bind_tools([*tools, *builtin])


def chat_model(model: Any) -> Any:
    """The chat model under a binding or a `prompt | model` sequence (for structured output)."""
    model = _model_step(model)
    if isinstance(model, RunnableBinding):
        model = model.bound
    if isinstance(model, BaseChatModel) or hasattr(model, "with_structured_output"):
        return model
    raise TypeError(
        "Expected `model` to be a ChatModel or RunnableBinding (e.g. model.bind_tools(...)), "
        f"got {type(model)}"
    )


def validate_chat_history(messages: Sequence[BaseMessage]) -> None:
    """Every tool call in the history must have its `ToolMessage` before the model is asked."""
    answered = {m.tool_call_id for m in messages if isinstance(m, ToolMessage)}
    pending = [
        call
        for m in messages
        if isinstance(m, AIMessage)
        for call in m.tool_calls
        if call["id"] not in answered
    ]
    if not pending:
        return
    raise ValueError(
        create_error_message(
            message="Found AIMessages with tool_calls that do not have a corresponding "
            f"ToolMessage. Here are the first few of those tool calls: {pending[:3]}.\n\n"
            "Every tool call (LLM requesting to call a tool) in the message history MUST have "
            "a corresponding ToolMessage (result of a tool invocation to return to the LLM) - "
            "this is required by most LLM providers.",
            error_code=ErrorCode.INVALID_CHAT_HISTORY,
        )
    )


@dataclasses.dataclass
class AgentModel:
    """What the model nodes share: how to get the model and its input for a state."""

    model: Any
    """The chat model with its tools bound, or (dynamic) `model(state, runtime)`."""
    dynamic: bool
    prompt: Callable[[Any], Any]
    name: str | None
    pre_model_hook: bool
    managed_steps: bool
    """The state's `remaining_steps` is a `RemainingSteps`: compute it (else read it)."""
    return_direct: set[str]

    @property
    def is_async(self) -> bool:
        return (self.dynamic and inspect.iscoroutinefunction(self.model)) or (
            inspect.iscoroutinefunction(self.prompt)
        )

    def model_state(self, state: Any) -> Any:
        """The state the prompt and a dynamic model see: `llm_input_messages` (from a pre-model
        hook) as its messages, and `remaining_steps` filled in."""
        values: dict[str, Any] = {}
        if self.managed_steps and (steps := remaining_steps()) is not None:
            values["remaining_steps"] = steps
        if self.pre_model_hook:
            messages = state_value(state, "llm_input_messages") or state_value(state, "messages")
            expected = "'llm_input_messages' or 'messages' key"
        else:
            messages = state_value(state, "messages")
            expected = "'messages' key"
        if messages is None:
            raise ValueError(f"Expected input to call_model to have {expected}, but got {state}")
        validate_chat_history(messages)
        return with_values(state, messages=messages, **values)

    def resolve(self, state: Any, runtime: Any) -> Any:
        return self.model(state, runtime) if self.dynamic else self.model

    async def aresolve(self, state: Any, runtime: Any) -> Any:
        chosen = self.resolve(state, runtime)
        return await chosen if inspect.isawaitable(chosen) else chosen

    def update(self, state: Any, response: Any) -> dict[str, Any]:
        response.name = self.name
        if self._out_of_steps(state, response):
            return {"messages": [AIMessage(id=response.id, content=NEED_MORE_STEPS)]}
        return {"messages": [response]}

    def _out_of_steps(self, state: Any, response: Any) -> bool:
        steps = state_value(state, "remaining_steps")
        if steps is None:
            return False
        calls = response.tool_calls if isinstance(response, AIMessage) else None
        all_direct = calls is not None and all(c["name"] in self.return_direct for c in calls)
        return (steps < 1 and all_direct) or (steps < 2 and bool(calls))


class CallModel:
    """The "agent" node (sync; `__acall__` is its async variant, as `ToolNode.__acall__`)."""

    def __init__(self, agent: AgentModel) -> None:
        self.agent = agent

    def __call__(self, state: Any, config: Any, runtime: Any) -> dict[str, Any]:
        agent = self.agent
        state = agent.model_state(state)
        model = agent.resolve(state, runtime)
        response = model.invoke(agent.prompt(state), config)
        return agent.update(state, response)

    async def __acall__(self, state: Any, config: Any, runtime: Any) -> dict[str, Any]:
        agent = self.agent
        state = agent.model_state(state)
        model = await agent.aresolve(state, runtime)
        model_input = agent.prompt(state)
        if inspect.isawaitable(model_input):
            model_input = await model_input
        response = await model.ainvoke(model_input, config)
        return agent.update(state, response)


class ACallModel(CallModel):
    """The "agent" node when only async works (an async dynamic model or prompt)."""

    async def __call__(  # type: ignore[override]
        self, state: Any, config: Any, runtime: Any
    ) -> dict[str, Any]:
        return await self.__acall__(state, config, runtime)


def _structured_input(state: Any, response_format: Any) -> tuple[list[Any], Any]:
    messages = list(state_value(state, "messages"))
    if isinstance(response_format, tuple):
        system, response_format = response_format
        messages = [SystemMessage(content=system), *messages]
    return messages, response_format


class StructuredResponse:
    """The "generate_structured_response" node (sync, and `__acall__`)."""

    def __init__(self, agent: AgentModel, response_format: Any) -> None:
        self.agent = agent
        self.response_format = response_format

    def __call__(self, state: Any, config: Any, runtime: Any) -> dict[str, Any]:
        messages, schema = _structured_input(state, self.response_format)
        model = chat_model(self.agent.resolve(state, runtime)).with_structured_output(schema)
        return {"structured_response": model.invoke(messages, config)}

    async def __acall__(self, state: Any, config: Any, runtime: Any) -> dict[str, Any]:
        messages, schema = _structured_input(state, self.response_format)
        chosen = await self.agent.aresolve(state, runtime)
        model = chat_model(chosen).with_structured_output(schema)
        return {"structured_response": await model.ainvoke(messages, config)}


class AStructuredResponse(StructuredResponse):
    """The "generate_structured_response" node when only async works (an async dynamic model)."""

    async def __call__(  # type: ignore[override]
        self, state: Any, config: Any, runtime: Any
    ) -> dict[str, Any]:
        return await self.__acall__(state, config, runtime)


def model_nodes(agent: AgentModel, response_format: Any) -> tuple[Any, Any]:
    """The "agent" node, and the "generate_structured_response" node (None without a format)."""
    if agent.is_async:
        return ACallModel(agent), (
            None if response_format is None else AStructuredResponse(agent, response_format)
        )
    return CallModel(agent), (
        None if response_format is None else StructuredResponse(agent, response_format)
    )
