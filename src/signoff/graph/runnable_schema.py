"""The schema side of the Runnable API on a compiled graph, in LangGraph 1.2's shapes.

`get_input_jsonschema()` / `get_output_jsonschema()` describe the graph's input and output schema:
a Pydantic model's own JSON Schema, a TypedDict's as Pydantic derives it, and for any other state
class (a dataclass) a model named after the graph (`LangGraphInput`) with one field per state key,
typed as its channel takes updates. `input_schema` / `output_schema` are the Pydantic models
langchain_core's Runnables give (`LangGraphInput` wrapping the input type, `LangGraphOutput` with
one optional field per output key). `get_context_jsonschema()` describes `context_schema`.

Pydantic and langchain_core are imported only when one of these is called.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Union, cast

from signoff.graph.schema import ROOT, is_pydantic_model, schema_hints
from signoff.warnings import LangGraphDeprecatedSinceV10

if TYPE_CHECKING:
    from pydantic import BaseModel

    from signoff.channels import BaseChannel
    from signoff.graph.builder import StateGraph
    from signoff.graph.compiled import CompiledStateGraph

_CONFIG_SCHEMA = (
    "`config_schema` is deprecated. Use `get_context_jsonschema` for the relevant schema instead."
)
_CONFIG_JSONSCHEMA = "`get_config_jsonschema` is deprecated. Use `get_context_jsonschema` instead."


class SchemaAPI:
    """Mixed into `CompiledStateGraph` (and its entrypoint form, which overrides the types)."""

    builder: StateGraph
    """None in an entrypoint, whose types come from its function."""
    channels: dict[str, BaseChannel]
    output_keys: tuple[str, ...]
    context_schema: Any

    def _name(self, suffix: str) -> str:
        return cast("CompiledStateGraph", self).get_name(suffix)

    @property
    def InputType(self) -> Any:  # langchain_core's Runnable name
        return self.builder.input_schema

    @property
    def OutputType(self) -> Any:
        """The output's type when it is one value (a schema without fields), else None."""
        if self.output_keys == (ROOT,):
            return self.channels[ROOT].typ
        return None

    @property
    def config_specs(self) -> list[Any]:
        return []

    @property
    def input_schema(self) -> type[BaseModel]:
        return self.get_input_schema()

    @property
    def output_schema(self) -> type[BaseModel]:
        return self.get_output_schema()

    def get_input_schema(self, config: Any = None) -> type[BaseModel]:
        return _root_model(self._name("Input"), self.InputType)

    def get_output_schema(self, config: Any = None) -> type[BaseModel]:
        if self.builder is None or self.output_keys == (ROOT,):
            return _root_model(self._name("Output"), self.OutputType)
        from langchain_core.utils.pydantic import create_model_v2

        fields = {k: (self.channels[k].typ, None) for k in self.output_keys}
        return create_model_v2(self._name("Output"), field_definitions=fields)

    def get_input_jsonschema(self, config: Any = None) -> dict[str, Any]:
        if self.builder is None:
            return self.get_input_schema(config).model_json_schema()
        return self._state_jsonschema(self.builder.input_schema, self._name("Input"))

    def get_output_jsonschema(self, config: Any = None) -> dict[str, Any]:
        if self.builder is None:
            return self.get_output_schema(config).model_json_schema()
        return self._state_jsonschema(self.builder.output_schema, self._name("Output"))

    def get_context_jsonschema(self) -> dict[str, Any] | None:
        schema = self.context_schema
        if schema is None:
            return None
        if is_pydantic_model(schema):
            return schema.model_json_schema()  # type: ignore[no-any-return]
        if typing_extensions_is_typeddict(schema) or dataclasses.is_dataclass(schema):
            from pydantic import TypeAdapter

            return TypeAdapter(schema).json_schema()
        raise ValueError(
            f"Invalid context schema type: {schema}. Must be a BaseModel, TypedDict or dataclass."
        )

    def config_schema(self, *, include: Sequence[str] | None = None) -> type[BaseModel]:
        """Deprecated (as in LangGraph): a model with `configurable` typed as the context."""
        warnings.warn(_CONFIG_SCHEMA, LangGraphDeprecatedSinceV10, stacklevel=2)
        from langchain_core.runnables import RunnableConfig
        from langchain_core.utils.pydantic import create_model_v2

        fields: dict[str, Any] = {}
        if self.context_schema is not None:
            fields["configurable"] = (self.context_schema, None)
        wanted = [key for key in include or () if key != "configurable"]
        for key, hint in typing.get_type_hints(RunnableConfig).items():
            if key in wanted:
                fields[key] = (hint, None)
        return create_model_v2(self._name("Config"), field_definitions=fields)

    def get_config_jsonschema(self, *, include: Sequence[str] | None = None) -> dict[str, Any]:
        warnings.warn(_CONFIG_JSONSCHEMA, LangGraphDeprecatedSinceV10, stacklevel=2)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LangGraphDeprecatedSinceV10)
            return self.config_schema(include=include).model_json_schema()

    def _state_jsonschema(self, schema: Any, name: str) -> dict[str, Any]:
        if is_pydantic_model(schema):
            return schema.model_json_schema()  # type: ignore[no-any-return]
        if typing_extensions_is_typeddict(schema):
            from pydantic import TypeAdapter

            return TypeAdapter(schema).json_schema()
        from langchain_core.utils.pydantic import create_model_v2

        hints = schema_hints(schema)
        if hints is None:
            root = (self.channels[ROOT].typ, None)
            return create_model_v2(name, root=root).model_json_schema()
        fields = {
            key: (self.channels[key].typ, _field_default(key, self.channels[key].typ, schema))
            for key in hints
            if key in self.channels
        }
        return create_model_v2(name, field_definitions=fields).model_json_schema()


def entrypoint_types(fn: Any) -> tuple[Any, Any]:
    """An entrypoint's input type (its first parameter's annotation) and output type (its
    return annotation; `entrypoint.final[R, S]` gives R), `Any` where not annotated. String
    annotations (`from __future__ import annotations`) are resolved where they can be."""
    try:
        hints = typing.get_type_hints(fn)
    except Exception:
        hints = {}
    signature = inspect.signature(fn)
    params = list(signature.parameters.values())
    empty = inspect.Signature.empty
    input_type: Any = Any
    if params and params[0].annotation is not empty:
        input_type = hints.get(params[0].name, params[0].annotation)
    output_type = hints.get("return", signature.return_annotation)
    if output_type is empty:
        return input_type, Any
    from signoff.func import entrypoint

    if output_type is entrypoint.final:
        return input_type, Any
    if typing.get_origin(output_type) is entrypoint.final:
        return input_type, typing.get_args(output_type)[0]
    return input_type, output_type


def typing_extensions_is_typeddict(schema: Any) -> bool:
    from typing_extensions import is_typeddict

    return is_typeddict(schema)


def _root_model(name: str, root: Any) -> type[BaseModel]:
    """A model class as is, else a root model named `name` around the type (langchain_core's
    Runnable rule)."""
    if is_pydantic_model(root) and not isinstance(root, types.GenericAlias):
        return cast("type[BaseModel]", root)
    from langchain_core.utils.pydantic import create_model_v2

    return create_model_v2(name, root=root)


def _field_default(name: str, annotation: Any, schema: Any) -> Any:
    """The default of a state key's field (`...`: required), by LangGraph's rule: optional keys
    of a TypedDict and `NotRequired` are None, a dataclass field's default (or its factory's
    value), None for an Optional type, else required."""
    from typing_extensions import NotRequired, Required

    required: bool | None = None
    origin = typing.get_origin(annotation)
    if origin is Required:
        required = True
    elif origin is NotRequired:
        required = False
    if name in getattr(schema, "__optional_keys__", ()):
        return ... if required else None
    if required is not None:
        return ... if required else None
    if dataclasses.is_dataclass(schema):
        for field in dataclasses.fields(schema):
            if field.name != name:
                continue
            if field.default is not dataclasses.MISSING and field.default is not ...:
                return field.default
            if field.default_factory is not dataclasses.MISSING:
                return field.default_factory()
    return None if _is_optional(annotation) else ...


def _is_optional(annotation: Any) -> bool:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is Union:
        return any(arg is type(None) or _is_optional(arg) for arg in typing.get_args(annotation))
    if typing.get_origin(annotation) is typing.Annotated:
        return _is_optional(typing.get_args(annotation)[0])
    return annotation is None
