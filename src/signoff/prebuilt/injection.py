"""Tool arguments the graph fills in rather than the model: `InjectedState`, `InjectedStore`,
`ToolRuntime` (and langchain_core's own `InjectedToolCallId`, which the tool fills itself).

The markers derive from langchain_core's injected-argument classes, so the schema a model sees
leaves these arguments out; `ToolNode` finds them once per tool and supplies them on each call.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar, Union, get_args, get_origin

from langchain_core.tools import BaseTool, InjectedToolArg
from langchain_core.tools.base import _DirectlyInjectedToolArg

ContextT = TypeVar("ContextT")
StateT = TypeVar("StateT")


class InjectedState(InjectedToolArg):
    """Give this tool argument the graph state (or one key of it: `InjectedState("key")`)."""

    def __init__(self, field: str | None = None) -> None:
        self.field = field


class InjectedStore(InjectedToolArg):
    """Give this tool argument the store the graph was compiled with."""


@dataclass
class ToolRuntime(_DirectlyInjectedToolArg, Generic[ContextT, StateT]):
    """What a tool parameter typed `ToolRuntime` (or named `runtime`) receives."""

    state: StateT
    context: ContextT
    config: Any
    stream_writer: Callable[[Any], None]
    tool_call_id: str | None
    store: Any
    tools: list[BaseTool] = field(default_factory=list)


@dataclass
class Injections:
    """Which arguments of one tool are injected, found once when the `ToolNode` is built."""

    state: dict[str, str | None] = field(default_factory=dict)
    """argument → state key (None: the whole state)."""
    optional_state: set[str] = field(default_factory=set)
    store: str | None = None
    runtime: str | None = None
    hidden: set[str] = field(default_factory=set)
    """Every injected argument: a value the model sends for one of these is dropped."""

    def __bool__(self) -> bool:
        return bool(self.state or self.store or self.runtime or self.hidden)


def find_injections(tool: BaseTool) -> Injections:
    found = Injections()
    schema = tool.get_input_schema()
    fields = getattr(schema, "model_fields", {})
    for name, annotation in _annotations(tool, schema).items():
        if _marked(annotation, InjectedToolArg) or _is_runtime(annotation):
            found.hidden.add(name)
        if name == "runtime" or _is_runtime(annotation):
            found.runtime = name
        marker = _marker(annotation, InjectedState)
        if marker is not None:
            key = marker.field if isinstance(marker, InjectedState) else None
            found.state[name] = key
            if key and name in fields and not fields[name].is_required():
                found.optional_state.add(name)
        if _marker(annotation, InjectedStore) is not None:
            found.store = name
    return found


def _annotations(tool: BaseTool, schema: Any) -> dict[str, Any]:
    """Argument annotations with their `Annotated` extras, from the function and the schema."""
    func = getattr(tool, "func", None) or getattr(tool, "coroutine", None)
    hints: dict[str, Any] = {}
    if func is not None:
        try:
            hints = typing.get_type_hints(func, include_extras=True)
        except Exception:
            hints = dict(getattr(func, "__annotations__", {}))
    for name, info in getattr(schema, "model_fields", {}).items():
        if info.metadata:
            extras = (info.annotation, *info.metadata)
            hints[name] = Annotated[extras]
        else:
            hints.setdefault(name, info.annotation)
    return hints


def _is_runtime(annotation: Any) -> bool:
    base = get_origin(annotation) or annotation
    return isinstance(base, type) and issubclass(base, _DirectlyInjectedToolArg)


def _matches(arg: Any, kind: type) -> bool:
    return isinstance(arg, kind) or (isinstance(arg, type) and issubclass(arg, kind))


def _marked(annotation: Any, kind: type) -> bool:
    """`Annotated[T, kind()]` / `Annotated[T, kind]`, also inside `Optional[...]`."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return any(_matches(a, kind) for a in get_args(annotation)[1:])
    if origin is Union or type(annotation).__name__ == "UnionType":
        return any(_marked(a, kind) for a in get_args(annotation))
    return False


def _marker(annotation: Any, kind: type) -> Any:
    """The `kind` marker on `annotation` (an instance, or the class itself), or None."""
    origin = get_origin(annotation)
    if origin is Annotated:
        for arg in get_args(annotation)[1:]:
            if _matches(arg, kind):
                return arg
        return _marker(get_args(annotation)[0], kind)
    if origin is Union or type(annotation).__name__ == "UnionType":
        for arg in get_args(annotation):
            found = _marker(arg, kind)
            if found is not None:
                return found
    return None


def injected_args(
    call: dict[str, Any], found: Injections, runtime: ToolRuntime[Any, Any], messages_key: str
) -> dict[str, Any]:
    """The tool call's arguments with the injected ones filled in (and model-sent ones dropped)."""
    args = {k: v for k, v in call["args"].items() if k not in found.hidden}
    if found.state:
        args.update(_state_args(call["name"], found, runtime.state, messages_key))
    if found.store:
        if runtime.store is None:
            raise ValueError(
                "Cannot inject store into tools with InjectedStore annotations - "
                "please compile your graph with a store."
            )
        args[found.store] = runtime.store
    if found.runtime:
        args[found.runtime] = runtime
    return args


def _state_args(tool: str, found: Injections, state: Any, messages_key: str) -> dict[str, Any]:
    if isinstance(state, list):
        keys = list(found.state.values())
        if not (keys == [messages_key] or keys[0] is None):
            wanted = ", ".join(k for k in keys if k)
            hint = f" State should contain fields {wanted}." if wanted else ""
            raise ValueError(
                f"Invalid input to ToolNode. Tool {tool} requires graph state dict as input.{hint}"
            )
        state = {messages_key: state}
    out: dict[str, Any] = {}
    for arg, key in found.state.items():
        if not key:
            out[arg] = state
        elif isinstance(state, dict):
            if key in state:
                out[arg] = state[key]
            elif arg not in found.optional_state:
                raise KeyError(key)
        elif hasattr(state, key):
            out[arg] = getattr(state, key)
        elif arg not in found.optional_state:
            raise AttributeError(key)
    return out


__all__ = ["InjectedState", "InjectedStore", "Injections", "ToolRuntime", "find_injections"]
