"""The schema side of the Runnable API on compiled graphs: `get_input_jsonschema()`,
`get_output_jsonschema()`, `get_context_jsonschema()`, the `input_schema` / `output_schema`
models (names and JSON Schemas), `config_specs`, and the deprecated `get_config_jsonschema()` —
for TypedDict, Pydantic, dataclass and `MessagesState` states, separate input/output schemas,
a named graph, and an `@entrypoint`."""

import dataclasses
import hashlib
import json
import operator
import warnings
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field
from typing_extensions import NotRequired, TypedDict

from signoff.func import entrypoint
from signoff.graph import START, MessagesState, StateGraph


class Typed(TypedDict):
    """The state, documented."""

    x: int
    ys: Annotated[list[str], operator.add]
    note: NotRequired[str | None]


class In(TypedDict):
    x: int


class Out(TypedDict):
    ys: list[str]


class Model(BaseModel):
    x: int = 0
    ys: Annotated[list[str], operator.add] = Field(default_factory=list, description="ys")
    mode: Literal["a", "b"] = "a"


@dataclasses.dataclass
class Data:
    x: int
    ys: Annotated[list[str], operator.add] = dataclasses.field(default_factory=list)
    note: str | None = None


@dataclasses.dataclass
class Context:
    user: str
    tier: int = 1


def node(state: Any) -> dict[str, Any]:
    return {}


def build(*args: Any, name: str | None = None, **kwargs: Any) -> Any:
    builder = StateGraph(*args, **kwargs)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    return builder.compile(name=name) if name else builder.compile()


@entrypoint(context_schema=Context)
def flow(x: int) -> str:
    return str(x)


@entrypoint()
def untyped(x):  # type: ignore[no-untyped-def]
    return x


def digest(schema: Any) -> object:
    """Big schemas (messages) by their shape and a hash of the whole."""
    if "$defs" not in schema:
        return schema
    text = json.dumps(schema, sort_keys=True)
    return {
        "top": {k: v for k, v in schema.items() if k != "$defs"},
        "defs": sorted(schema["$defs"]),
        "sha256": hashlib.sha256(text.encode()).hexdigest()[:16],
    }


def describe(graph: Any) -> object:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        config = graph.get_config_jsonschema()
    return {
        "input": digest(graph.get_input_jsonschema()),
        "output": digest(graph.get_output_jsonschema()),
        "context": graph.get_context_jsonschema(),
        "input_schema": [
            graph.input_schema.__name__,
            digest(graph.input_schema.model_json_schema()),
        ],
        "output_schema": [
            graph.output_schema.__name__,
            digest(graph.output_schema.model_json_schema()),
        ],
        "config_specs": graph.config_specs,
        "config": config,
        "warnings": [(w.category.__name__, str(w.message)) for w in caught],
    }


def run() -> object:
    return {
        "typed": describe(build(Typed)),
        "typed with context": describe(build(Typed, context_schema=Context)),
        "input and output": describe(build(Typed, input_schema=In, output_schema=Out)),
        "model": describe(build(Model)),
        "dataclass": describe(build(Data)),
        "messages": describe(build(MessagesState)),
        "named": describe(build(Data, name="my_graph")),
        "entrypoint": describe(flow),
        "untyped entrypoint": describe(untyped),
    }
