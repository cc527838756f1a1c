"""Turn a state schema (TypedDict, dataclass, Pydantic model) into channels, and state into updates."""

from __future__ import annotations

import dataclasses
import inspect
import sys
import typing
from collections.abc import Callable, Sequence
from typing import Any, get_type_hints

from typing_extensions import NotRequired, Required

from signoff.channels import BaseChannel, BinaryOperatorAggregate, LastValue
from signoff.errors import ErrorCode, InvalidUpdateError, create_error_message

ROOT = "__root__"


def is_pydantic_model(tp: Any) -> bool:
    pyd = sys.modules.get("pydantic")
    return pyd is not None and inspect.isclass(tp) and issubclass(tp, pyd.BaseModel)


def is_structured(tp: Any) -> bool:
    """A schema whose instances (not dicts) nodes receive: dataclasses and Pydantic models."""
    return inspect.isclass(tp) and (dataclasses.is_dataclass(tp) or is_pydantic_model(tp))


def schema_hints(schema: Any) -> dict[str, Any] | None:
    """Field name → annotation (with `Annotated` extras), or None for a schema without fields."""
    if not hasattr(schema, "__annotations__") and not is_pydantic_model(schema):
        return None
    try:
        hints = get_type_hints(schema, include_extras=True)
    except Exception:
        hints = dict(getattr(schema, "__annotations__", {}))
    if is_pydantic_model(schema):
        fields = schema.model_fields
        hints = {k: v for k, v in hints.items() if k in fields}
    return {k: v for k, v in hints.items() if k != "__slots__" and not _is_classvar(v)}


def _is_classvar(annotation: Any) -> bool:
    return annotation is typing.ClassVar or typing.get_origin(annotation) is typing.ClassVar


def _strip_required(annotation: Any) -> Any:
    while typing.get_origin(annotation) in (
        Required,
        NotRequired,
        getattr(typing, "Required", Required),  # the typing module's own on Python >= 3.11
        getattr(typing, "NotRequired", NotRequired),
    ):
        annotation = typing.get_args(annotation)[0]
    return annotation


def channel_for(name: str, annotation: Any) -> BaseChannel:
    """`Annotated[T, reducer]` → reducer channel; anything else → last-value channel."""
    annotation = _strip_required(annotation)
    for meta in reversed(getattr(annotation, "__metadata__", ())):
        if isinstance(meta, BaseChannel):
            channel = meta.fresh()
            channel.key = name
            return channel
        if callable(meta):
            params = [
                p
                for p in inspect.signature(meta).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            if len(params) != 2:
                raise ValueError(
                    f"State key '{name}': invalid reducer signature {inspect.signature(meta)}; "
                    "a reducer takes (current, update) and returns the new value"
                )
            return BinaryOperatorAggregate(annotation.__origin__, meta, key=name)
    return LastValue(annotation, key=name)


def channels_for(schema: Any) -> dict[str, BaseChannel]:
    hints = schema_hints(schema)
    if hints is None:
        return {ROOT: LastValue(schema, key=ROOT)}
    return {name: channel_for(name, annotation) for name, annotation in hints.items()}


def state_keys(schema: Any) -> list[str]:
    hints = schema_hints(schema)
    return [ROOT] if hints is None else list(hints)


def coerce_state(schema: Any) -> Callable[[dict[str, Any]], Any] | None:
    """How a node's input dict becomes an instance of its schema (None: it stays a dict)."""
    if not is_structured(schema):
        return None

    def build(values: dict[str, Any]) -> Any:
        return schema(**values)

    return build


def update_as_tuples(value: Any, keys: Sequence[str], node: str) -> list[tuple[str, Any]]:
    """The (key, value) writes of a node's returned state update (dict or schema instance)."""
    if isinstance(value, dict):
        return [(k, v) for k, v in value.items() if k in keys]
    if _has_annotations(type(value)):
        # LangGraph's rule for state objects (dataclasses, Pydantic models, annotated classes):
        # every state attribute the object has, except a None that is no more than a None default.
        keep: Any = None
        defaults: dict[str, Any] = {}
        if is_pydantic_model(type(value)):
            keep = value.model_fields_set
            defaults = {k: f.default for k, f in type(value).model_fields.items()}
        return [
            (k, v)
            for k in keys
            if (v := getattr(value, k, _MISSING)) is not _MISSING
            and (v is not None or defaults.get(k, _MISSING) is not None or (keep and k in keep))
        ]
    raise InvalidUpdateError(
        create_error_message(
            message=f"Expected dict, got {value}",
            error_code=ErrorCode.INVALID_GRAPH_NODE_RETURN_VALUE,
        )
    )


_MISSING: Any = object()


def _has_annotations(cls: type) -> bool:
    return any(getattr(base, "__annotations__", None) for base in cls.__mro__ if base is not object)


def first_param_schema(fn: Callable[..., Any]) -> Any:
    """The annotated type of a node function's state parameter, if it is a schema class."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    if not params:
        return None
    try:
        hints = get_type_hints(fn)
    except Exception:
        return None
    hint = hints.get(params[0].name)
    if inspect.isclass(hint) and schema_hints(hint):
        return hint
    return None
