"""What a tool returned, checked and shaped into the `ToolNode`'s output (as LangGraph does).

A tool may return anything (langchain_core makes it a `ToolMessage`), a `ToolMessage`, a `Command`,
or a list of `ToolMessage`/`Command`. A `Command` that updates the state must carry the
`ToolMessage` answering its tool call, so the message history stays valid for the model.
"""

from __future__ import annotations

import json
from copy import deepcopy
from dataclasses import replace
from typing import Any, Literal, cast

from langchain_core.messages import RemoveMessage, ToolMessage, convert_to_messages
from langchain_core.tools.base import TOOL_MESSAGE_BLOCK_TYPES

from signoff.graph.message import REMOVE_ALL_MESSAGES
from signoff.types import Command, Send

InputType = Literal["list", "dict", "tool_calls"]


def content_of(output: Any) -> Any:
    """`ToolMessage` content for `output`: text or content blocks as they are, else JSON/str."""
    if isinstance(output, str) or (
        isinstance(output, list)
        and all(isinstance(x, dict) and x.get("type") in TOOL_MESSAGE_BLOCK_TYPES for x in output)
    ):
        return output
    try:
        return json.dumps(output, ensure_ascii=False)
    except Exception:
        return str(output)


def normalize(response: Any, call: dict[str, Any], input_type: InputType, key: str) -> Any:
    if isinstance(response, Command):
        return check_command(response, call, input_type, key)
    if isinstance(response, ToolMessage):
        content = content_of(response.content)
        if content is not response.content:  # a model's assignment is not free
            response.content = content
        return response
    if isinstance(response, list):
        if all(isinstance(r, (Command, ToolMessage)) for r in response):
            return _check_list(response, call, input_type, key)
        raise TypeError(
            f"Tool {call['name']} returned a list with invalid element types: expected all "
            "Command or ToolMessage"
        )
    raise TypeError(f"Tool {call['name']} returned unexpected type: {type(response)}")


def _check_list(
    response: list[Any], call: dict[str, Any], input_type: InputType, key: str
) -> list[Any]:
    """A list from one tool call must hold exactly one `ToolMessage` answering that call."""
    answers = 0
    for item in response:
        if isinstance(item, ToolMessage):
            answers += item.tool_call_id == call["id"]
        elif isinstance(item, Command) and isinstance(item.update, dict):
            answers += sum(
                isinstance(m, ToolMessage) and m.tool_call_id == call["id"]
                for m in item.update.get(key, [])
            )
    if answers != 1:
        raise ValueError(
            f"Tool {call['name']} returned a list with {answers} messages bound to tool_call_id "
            f"{call['id']!r}; expected exactly one terminating ToolMessage."
        )
    out: list[Any] = []
    for item in response:
        if isinstance(item, Command):
            out.append(check_command(item, call, input_type, key, require_answer=False))
        else:
            item.content = content_of(item.content)
            out.append(item)
    return out


def check_command(
    command: Command[Any],
    call: dict[str, Any],
    input_type: InputType,
    key: str,
    *,
    require_answer: bool = True,
) -> Command[Any]:
    """Name the `ToolMessage` answering `call`, and require one when the command updates this
    graph's messages."""
    if isinstance(command.update, dict):
        if input_type not in ("dict", "tool_calls"):
            raise ValueError(
                "Tools can provide a dict in Command.update only when using dict with "
                f"'{key}' key as ToolNode input, got: {command.update} for tool '{call['name']}'"
            )
        updated = deepcopy(command)
        messages = (updated.update or {}).get(key, [])
    elif isinstance(command.update, list):
        if input_type != "list":
            raise ValueError(
                "Tools can provide a list of messages in Command.update only when using list "
                f"of messages as ToolNode input, got: {command.update} for tool '{call['name']}'"
            )
        updated = deepcopy(command)
        messages = updated.update
    else:
        return command
    messages = convert_to_messages(messages)
    if messages == [RemoveMessage(id=REMOVE_ALL_MESSAGES)]:
        return updated
    answered = False
    for m in messages:
        if isinstance(m, ToolMessage) and m.tool_call_id == call["id"]:
            m.name = call["name"]
            answered = True
    if require_answer and updated.graph is None and not answered:
        example = (
            '`Command(update={"messages": [ToolMessage("Success", tool_call_id=tool_call_id), '
            "...]}, ...)`"
            if input_type == "dict"
            else '`Command(update=[ToolMessage("Success", tool_call_id=tool_call_id), ...], ...)`'
        )
        raise ValueError(
            f"Expected to have a matching ToolMessage in Command.update for tool "
            f"'{call['name']}', got: {messages}. Every tool call (LLM requesting to call a tool) "
            "in the message history MUST have a corresponding ToolMessage. You can fix it by "
            f"modifying the tool to return {example}."
        )
    return updated


def combine(outputs: list[Any], input_type: InputType, key: str) -> Any:
    """The node's output: `{key: [messages]}` (or the list for list input); with commands, a
    list of per-call updates and commands, parent-graph `Send`s merged into one command."""
    flat: list[Any] = []
    for output in outputs:
        flat.extend(output if isinstance(output, list) else [output])
    if not any(isinstance(o, Command) for o in flat):
        return flat if input_type == "list" else {key: flat}
    combined: list[Any] = []
    parent: Command[Any] | None = None
    for output in flat:
        if not isinstance(output, Command):
            combined.append([output] if input_type == "list" else {key: [output]})
        elif (
            output.graph == Command.PARENT
            and isinstance(output.goto, list)
            and all(isinstance(s, Send) for s in output.goto)
        ):
            before: list[Any] = list(cast("list[Send]", parent.goto)) if parent else []
            gotos = [*before, *output.goto]
            parent = (
                replace(parent, goto=gotos) if parent else Command(graph=Command.PARENT, goto=gotos)
            )
        else:
            combined.append(output)
    if parent is not None:
        combined.append(parent)
    return combined
