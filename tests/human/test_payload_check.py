"""The payload check: `interrupt()` refuses a question the checkpoint cannot store, at the call,
with a `TypeError` naming the path of the offending value; nothing is left pending."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from human_support import State, config, footprint, one_node

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.human import approve, ask
from signoff.types import interrupt


class Validator:
    """A class the serializer does not know."""


def _payloads() -> list[tuple[Any, Any, str]]:
    return [
        (interrupt, {"validator": lambda x: len(x) > 0}, "payload['validator']: function"),
        (interrupt, {"items": [1, {2, 3}]}, None),  # a set is storable (an extension type)
        (interrupt, {"meta": {"lock": threading.Lock()}}, "payload['meta']['lock']: "),
        (interrupt, [1, Validator()], "payload[1]: "),
        (interrupt, open, "payload: "),
    ]


@pytest.mark.parametrize(("call", "payload", "expected"), _payloads())
def test_interrupt_names_the_path_of_what_cannot_be_stored(
    saver: BaseCheckpointSaver, call: Any, payload: Any, expected: str | None
) -> None:
    def node(state: State) -> State:
        return {"value": call(payload)}

    graph = one_node(node, saver)
    if expected is None:
        assert "__interrupt__" in graph.invoke({}, config("t"))
        return
    with pytest.raises(TypeError) as caught:
        graph.invoke({}, config("t"))
    message = str(caught.value)
    assert message.startswith(expected), message
    assert "is not serializable" in message
    assert footprint(saver, "t").pending == []


def test_the_seeds_lambda_payload_message() -> None:
    from signoff.checkpoint.memory import InMemorySaver

    def node(state: State) -> State:
        return {"value": interrupt({"validator": lambda x: len(x) > 0})}

    with pytest.raises(TypeError, match=r"^payload\['validator'\]: function is not serializable"):
        one_node(node, InMemorySaver()).invoke({}, config("t"))


def test_the_check_runs_at_the_call_before_code_after_it(memory: BaseCheckpointSaver) -> None:
    reached: list[str] = []

    def node(state: State) -> State:
        try:
            interrupt({"callback": print})
        except TypeError:
            reached.append("caught at the call")
            raise
        return {}

    with pytest.raises(TypeError, match=r"payload\['callback'\]"):
        one_node(node, memory).invoke({}, config("t"))
    assert reached == ["caught at the call"]


def test_ask_and_approve_name_their_own_arguments(memory: BaseCheckpointSaver) -> None:
    cases: list[tuple[Any, str]] = [
        (lambda: ask({"text": "Pick", "check": lambda v: v}), r"^question\['check'\]: function"),
        (lambda: ask("Pick", default={"fn": len}), r"^default\['fn'\]: "),
        (lambda: approve("send", {"on_done": lambda: 1}), r"^args\['on_done'\]: function"),
    ]
    for index, (make, pattern) in enumerate(cases):

        def node(state: State, make: Any = make) -> State:
            return {"value": make()}

        graph = one_node(node, memory)
        with pytest.raises(TypeError, match=pattern):
            graph.invoke({}, config(str(index)))
