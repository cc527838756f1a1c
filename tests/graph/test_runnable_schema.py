"""A compiled graph describes its input, output and context as JSON Schema (and Pydantic models),
as LangGraph's do; what a client or server reads to build forms and validate calls."""

from __future__ import annotations

import dataclasses
import operator
from typing import Annotated, Any

import pytest
from pydantic import ValidationError
from typing_extensions import TypedDict

from signoff.func import entrypoint
from signoff.graph import START, StateGraph


@dataclasses.dataclass
class Ticket:
    title: str
    tags: Annotated[list[str], operator.add] = dataclasses.field(default_factory=list)
    owner: str | None = None


def triage(state: Ticket) -> dict[str, Any]:
    return {"tags": ["triaged"]}


def build(**kwargs: Any) -> Any:
    builder = StateGraph(Ticket, **kwargs)
    builder.add_node("triage", triage)
    builder.add_edge(START, "triage")
    return builder.compile()


def test_a_dataclass_state_is_described_field_by_field() -> None:
    schema = build().get_input_jsonschema()
    assert schema["title"] == "LangGraphInput"
    assert schema["required"] == ["title"]
    assert schema["properties"]["tags"] == {
        "default": [],
        "items": {"type": "string"},
        "title": "Tags",
        "type": "array",
    }
    assert schema["properties"]["owner"]["default"] is None


def test_the_input_model_validates_what_invoke_accepts() -> None:
    graph = build()
    graph.input_schema.model_validate(Ticket(title="printer on fire"))
    with pytest.raises(ValidationError):
        graph.input_schema.model_validate({"tags": []})
    assert graph.invoke({"title": "printer on fire"})["tags"] == ["triaged"]


def test_output_model_has_every_output_key_optional() -> None:
    output = build().output_schema
    assert output.__name__ == "LangGraphOutput"
    assert output.model_validate({}).model_dump() == {"title": None, "tags": None, "owner": None}


def test_context_schema_must_be_a_model_typeddict_or_dataclass() -> None:
    class Context(TypedDict):
        user: str

    assert build(context_schema=Context).get_context_jsonschema() == {
        "properties": {"user": {"title": "User", "type": "string"}},
        "required": ["user"],
        "title": "Context",
        "type": "object",
    }
    assert build().get_context_jsonschema() is None
    with pytest.raises(ValueError, match="Invalid context schema type"):
        build(context_schema=int).get_context_jsonschema()


def test_an_entrypoint_is_described_by_its_annotations() -> None:
    @entrypoint()
    def count(words: list[str]) -> entrypoint.final[int, list[str]]:
        return entrypoint.final(value=len(words), save=words)

    assert count.get_input_jsonschema() == {
        "items": {"type": "string"},
        "title": "LangGraphInput",
        "type": "array",
    }
    assert count.get_output_jsonschema() == {"title": "LangGraphOutput", "type": "integer"}
