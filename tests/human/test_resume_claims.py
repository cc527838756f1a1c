"""Which pending question a `Command(resume=...)` answers, once the thread has moved on."""

from __future__ import annotations

from typing import Any

import pytest
from human_support import State, config, one_node

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.types import Command, interrupt


def asking(state: State) -> State:
    return {"value": interrupt("Approve?")}


def test_a_plain_resume_after_the_thread_moved_on_is_not_an_error(
    saver: BaseCheckpointSaver,
) -> None:
    """As in LangGraph: nothing is pending, so the resume value has nothing to answer."""
    graph = one_node(asking, saver)
    graph.invoke({}, config("t"))
    assert graph.invoke(Command(resume="yes"), config("t")) == {"value": "yes"}
    assert graph.invoke(Command(resume="again"), config("t")) == {"value": "yes"}
    assert [a.value for a in saver.answers("t")] == ["yes"]


def test_resuming_an_answered_interrupt_by_id_says_it_was_already_answered(
    saver: BaseCheckpointSaver,
) -> None:
    graph = one_node(asking, saver)
    (pending,) = graph.invoke({}, config("t"))["__interrupt__"]
    graph.invoke(Command(resume={pending.id: "yes"}), config("t"))
    with pytest.raises(InterruptAlreadyAnsweredError):
        graph.invoke(Command(resume={pending.id: "no"}), config("t"))


def test_resume_with_an_update_reruns_the_node_with_the_updated_state(
    saver: BaseCheckpointSaver,
) -> None:
    seen: list[Any] = []

    def node(state: State) -> State:
        seen.append(state.get("log"))
        return {"value": interrupt("Approve?")}

    graph = one_node(node, saver)
    graph.invoke({"log": ["start"]}, config("t"))
    result = graph.invoke(Command(resume="yes", update={"log": ["edited"]}), config("t"))
    assert result == {"value": "yes", "log": ["edited"]}
    assert seen == [["start"], ["edited"]]
