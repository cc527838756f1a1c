"""How a failing tool call becomes an error `ToolMessage` the model can read (or an exception).

`handle_tool_errors` takes LangGraph's values: True (catch everything), a string (that text), an
exception type or tuple (catch those), a function (catch what its first parameter's annotation
names, text = its result), False (catch nothing). The default catches only bad arguments from
the model (`ToolInvocationError`) and lets a tool's own errors fail the run.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, Union, cast

from langchain_core.tools import ToolException

INVALID_TOOL_NAME_ERROR_TEMPLATE = (
    "Error: {requested_tool} is not a valid tool, try one of [{available_tools}]."
)
TOOL_CALL_ERROR_TEMPLATE = "Error: {error}\n Please fix your mistakes."
TOOL_INVOCATION_ERROR_TEMPLATE = (
    "Error invoking tool '{tool_name}' with kwargs {tool_kwargs} with error:\n"
    " {error}\n"
    " Please fix the error and try again."
)

ErrorHandling = bool | str | Callable[..., str] | type[Exception] | tuple[type[Exception], ...]


class ToolInvocationError(ToolException):
    """The model called a tool with arguments its schema rejects."""

    def __init__(
        self,
        tool_name: str,
        source: Exception,
        tool_kwargs: dict[str, Any],
        filtered_errors: list[dict[str, Any]] | None = None,
    ) -> None:
        if filtered_errors is not None:
            shown = "\n".join(
                f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', 'Unknown error')}"
                for e in filtered_errors
            )
        else:
            shown = str(source)
        self.message = TOOL_INVOCATION_ERROR_TEMPLATE.format(
            tool_name=tool_name, tool_kwargs=tool_kwargs, error=shown
        )
        self.tool_name = tool_name
        self.tool_kwargs = tool_kwargs
        self.source = source
        self.filtered_errors = filtered_errors
        super().__init__(self.message)


def default_handle_tool_errors(e: Exception) -> str:
    """Bad arguments become a message for the model; any other error is raised again."""
    if isinstance(e, ToolInvocationError):
        return e.message
    raise e


def model_errors(validation_error: Any, hidden: set[str]) -> list[dict[str, Any]]:
    """The validation errors about arguments the model sent (not the injected ones)."""
    out: list[dict[str, Any]] = []
    for error in validation_error.errors():
        if error["loc"] and error["loc"][0] not in hidden:
            copy = dict(error)
            if isinstance(copy.get("input"), dict):
                copy["input"] = {k: v for k, v in copy["input"].items() if k not in hidden}
            out.append(copy)
    return out


def handles(flag: ErrorHandling, error: Exception) -> bool:
    """Whether `handle_tool_errors=flag` turns `error` into a message."""
    if not flag:
        return False
    if isinstance(flag, type) and issubclass(flag, Exception):
        return isinstance(error, flag)
    if isinstance(flag, tuple):
        return isinstance(error, flag)
    if callable(flag) and not isinstance(flag, type):
        return isinstance(error, handled_types(flag))
    return True


def error_content(error: Exception, flag: ErrorHandling) -> str:
    """The text of the error `ToolMessage` for a handled `error`."""
    if isinstance(flag, (bool, tuple)) or (isinstance(flag, type) and issubclass(flag, Exception)):
        return TOOL_CALL_ERROR_TEMPLATE.format(error=repr(error))
    if isinstance(flag, str):
        return flag
    if callable(flag):
        handler = cast("Callable[[Exception], str]", flag)
        return str(handler(error))
    raise ValueError(
        f"Got unexpected type of `handle_tool_error`. Expected bool, str or callable. "
        f"Received: {flag}"
    )


def handled_types(handler: Callable[..., str]) -> tuple[type[Exception], ...]:
    """The exception types a handler function declares with its first parameter's annotation."""
    params = list(inspect.signature(handler).parameters.values())
    if not params:
        return (Exception,)
    first = params[1] if params[0].name in ("self", "cls") and len(params) == 2 else params[0]
    hint = typing.get_type_hints(handler).get(first.name)
    if hint is None:
        return (Exception,)
    if typing.get_origin(hint) in (Union, types.UnionType):
        members = typing.get_args(hint)
        if all(isinstance(m, type) and issubclass(m, Exception) for m in members):
            return tuple(members)
        raise ValueError(
            "All types in the error handler error annotation must be Exception types. "
            f"For example, `def custom_handler(e: Union[ValueError, TypeError])`. Got '{hint}' "
            "instead."
        )
    if isinstance(hint, type) and issubclass(hint, Exception):
        return (hint,)
    raise ValueError(
        "Arbitrary types are not supported in the error handler signature. Please annotate the "
        "error with either a specific Exception type or a union of Exception types. For "
        f"example, `def custom_handler(e: ValueError)`. Got '{hint}' instead."
    )


__all__ = ["ToolInvocationError"]
