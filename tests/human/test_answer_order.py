"""The order check: an answer is only ever handed to the question it was given for.

Answers are matched to `interrupt()` calls by position; signoff stores a fingerprint of each
question and refuses a re-run whose k-th question is a different one (the seed's conditional-skip
bug), unless the call names its question with `key=`. Conditional interrupts whose order is stable
(the seed's approve/reject, validation loop and exercise) keep working.
"""

from __future__ import annotations

from typing import Any, Literal

import pytest
from human_support import State, config, one_node

from signoff.checkpoint.base import BaseCheckpointSaver
from signoff.errors import InterruptMismatchError
from signoff.graph import END, START, StateGraph
from signoff.human import approve, ask
from signoff.types import Command, interrupt


def test_the_seeds_conditional_skip_raises_mismatch_naming_node_index_and_both_questions(
    saver: BaseCheckpointSaver,
) -> None:
    """The seed's BAD example, with a condition that changes between runs (a feature flag)."""
    flags = {"needs_age": False}

    def node(state: State) -> State:
        name = interrupt("What's your name?")
        if flags["needs_age"]:
            interrupt("What's your age?")  # Index mismatch on resume!
        city = interrupt("What's your city?")
        return {"value": [name, city]}

    graph = one_node(node, saver, name="profile")
    graph.invoke({}, config("t"))
    asked = graph.invoke(Command(resume="Ada"), config("t"))["__interrupt__"]
    assert [i.value for i in asked] == ["What's your city?"]
    graph.invoke(Command(resume="London"), config("t"))  # finishes: the order was stable

    graph.invoke({}, config("u"))
    graph.invoke(Command(resume="Ada"), config("u"))  # answer #0; #1 is the city question
    flags["needs_age"] = True  # ... and now the node asks for the age at #1
    with pytest.raises(InterruptMismatchError) as caught:
        graph.invoke(Command(resume="London"), config("u"))
    error = caught.value
    assert (error.node, error.index) == ("profile", 1)
    assert (error.asked, error.now) == ("What's your city?", "What's your age?")
    message = str(error)
    assert "'profile'" in message and "#1" in message
    assert "What's your city?" in message and "What's your age?" in message
    assert "key=" in message  # says what to do


def test_the_mismatch_is_raised_instead_of_handing_over_the_wrong_answer(
    memory: BaseCheckpointSaver,
) -> None:
    given: list[Any] = []
    questions = ["Approve the refund?", "Approve the refund?"]

    def node(state: State) -> State:
        given.append(interrupt(questions.pop(0)))
        return {"value": given[-1]}

    graph = one_node(node, memory)
    graph.invoke({}, config("t"))
    questions[:] = ["Delete the account?"]
    with pytest.raises(InterruptMismatchError):
        graph.invoke(Command(resume=True), config("t"))
    assert given == []  # the "True" for the refund never reached the delete question


def test_a_key_keeps_the_answer_when_the_question_text_changes(saver: BaseCheckpointSaver) -> None:
    runs: list[int] = []

    def node(state: State) -> State:
        runs.append(len(runs))
        amount = 100 + len(runs)  # e.g. a price fetched again on every run
        return {"value": interrupt(f"Pay {amount} EUR?", key="pay")}

    graph = one_node(node, saver)
    assert [i.value for i in graph.invoke({}, config("t"))["__interrupt__"]] == ["Pay 101 EUR?"]
    assert graph.invoke(Command(resume="yes"), config("t")) == {"value": "yes"}


def test_ask_with_a_key_keeps_its_answer_when_the_text_changes(saver: BaseCheckpointSaver) -> None:
    texts = ["Ship v1.0?", "Ship v1.0 (rebuilt)?"]

    def node(state: State) -> State:
        return {"value": ask(texts.pop(0), key="ship", schema=bool)}

    graph = one_node(node, saver)
    graph.invoke({}, config("t"))
    assert graph.invoke(Command(resume=True), config("t")) == {"value": True}


def test_without_a_key_a_changed_ask_question_is_a_mismatch(memory: BaseCheckpointSaver) -> None:
    texts = ["Ship v1.0?", "Ship v2.0?"]

    def node(state: State) -> State:
        return {"value": ask(texts.pop(0))}

    graph = one_node(node, memory)
    graph.invoke({}, config("t"))
    with pytest.raises(InterruptMismatchError, match=r"Ship v1\.0\?.*Ship v2\.0\?"):
        graph.invoke(Command(resume=True), config("t"))


def test_approvals_of_different_actions_are_different_questions(
    memory: BaseCheckpointSaver,
) -> None:
    """An accept given for one action must never approve another one at the same position."""
    actions = ["refund", "delete_account"]

    def node(state: State) -> State:
        decision = approve(actions.pop(0), {"id": 7})
        return {"value": decision.kind}

    graph = one_node(node, memory)
    graph.invoke({}, config("t"))
    with pytest.raises(InterruptMismatchError, match=r"refund.*delete_account"):
        graph.invoke(Command(resume={"type": "accept"}), config("t"))


def test_an_approval_whose_args_change_between_runs_is_still_the_same_question(
    memory: BaseCheckpointSaver,
) -> None:
    drafts = ["Hello", "Hello!"]  # e.g. regenerated by a model on the re-run

    def node(state: State) -> State:
        return {"value": approve("send_email", {"body": drafts.pop(0)}).kind}

    graph = one_node(node, memory)
    graph.invoke({}, config("t"))
    assert graph.invoke(Command(resume={"type": "accept"}), config("t")) == {"value": "accept"}


def test_dict_questions_are_matched_by_their_keys_not_their_details(
    memory: BaseCheckpointSaver,
) -> None:
    details = ["draft 1", "draft 2"]

    def node(state: State) -> State:
        answer = interrupt({"question": "Approve?", "details": details.pop(0)})
        return {"value": answer}

    graph = one_node(node, memory)
    graph.invoke({}, config("t"))
    assert graph.invoke(Command(resume="ok"), config("t")) == {"value": "ok"}


# --- the seed's conditional interrupts whose order is stable ---------------------------------


def test_seed_validation_loop_asks_again_with_a_new_prompt_and_finishes(
    saver: BaseCheckpointSaver,
) -> None:
    def get_age_node(state: State) -> State:
        prompt = "What is your age?"
        while True:
            answer = interrupt(prompt)
            if isinstance(answer, int) and answer > 0:
                break
            prompt = f"'{answer}' is not a valid age. Please enter a positive number."
        return {"value": answer}

    graph = one_node(get_age_node, saver)
    assert graph.invoke({}, config("t"))["__interrupt__"][0].value == "What is your age?"
    again = graph.invoke(Command(resume="not a number"), config("t"))["__interrupt__"]
    assert again[0].value == "'not a number' is not a valid age. Please enter a positive number."
    again = graph.invoke(Command(resume=-3), config("t"))["__interrupt__"]
    assert again[0].value == "'-3' is not a valid age. Please enter a positive number."
    assert graph.invoke(Command(resume=25), config("t")) == {"value": 25}


@pytest.mark.parametrize("needs_age", [True, False])
def test_seed_conditional_interrupts_work_when_the_condition_is_stable(
    saver: BaseCheckpointSaver, needs_age: bool
) -> None:
    """The seed's BAD shape is only a bug when the condition changes between runs."""

    class AgeState(State, total=False):
        needs_age: bool

    def node(state: AgeState) -> AgeState:
        name = interrupt("What's your name?")
        age = None
        if state.get("needs_age"):
            age = interrupt("What's your age?")
        city = interrupt("What's your city?")
        return {"value": [name, age, city]}

    builder = StateGraph(AgeState)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    graph = builder.compile(checkpointer=saver)
    graph.invoke({"needs_age": needs_age}, config("t"))
    answers = ["Ada", 36, "London"] if needs_age else ["Ada", "London"]
    for answer in answers:
        result = graph.invoke(Command(resume=answer), config("t"))
    assert result["value"] == ["Ada", 36 if needs_age else None, "London"]


@pytest.mark.parametrize(
    ("response", "result"),
    [
        ({"action": "approve"}, "Email sent to alice@example.com: Dear alice@example.com, hi"),
        ({"action": "edit", "text": "Edited"}, "Email sent to alice@example.com: Edited"),
        ({"action": "reject"}, "Email cancelled."),
    ],
)
def test_seed_exercise_routes_on_the_answer(
    saver: BaseCheckpointSaver, response: dict[str, str], result: str
) -> None:
    class EmailState(State, total=False):
        to: str
        draft: str
        result: str

    def draft_email(state: EmailState) -> EmailState:
        return {"draft": f"Dear {state['to']}, hi"}

    def approve_email(state: EmailState) -> Command[Literal["send", "cancel"]]:
        answer = interrupt({"draft": state["draft"], "question": "Approve, edit, or reject?"})
        action = answer.get("action", "reject")
        if action == "approve":
            return Command(goto="send")
        if action == "edit":
            return Command(update={"draft": answer.get("text", state["draft"])}, goto="send")
        return Command(goto="cancel")

    def send(state: EmailState) -> EmailState:
        return {"result": f"Email sent to {state['to']}: {state['draft']}"}

    def cancel(state: EmailState) -> EmailState:
        return {"result": "Email cancelled."}

    builder = StateGraph(EmailState)
    builder.add_node("draft", draft_email)
    builder.add_node("approve", approve_email)
    builder.add_node("send", send)
    builder.add_node("cancel", cancel)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "approve")
    builder.add_edge("send", END)
    builder.add_edge("cancel", END)
    graph = builder.compile(checkpointer=saver)
    graph.invoke({"to": "alice@example.com"}, config("t"))
    assert graph.invoke(Command(resume=response), config("t"))["result"] == result


def test_seed_approve_reject_routes_both_ways(saver: BaseCheckpointSaver) -> None:
    def approval_node(state: State) -> Command[Literal["execute", "cancel"]]:
        ok = interrupt({"question": "Do you want to proceed?", "details": "wire 10 EUR"})
        return Command(goto="execute" if ok else "cancel")

    builder = StateGraph(State)
    builder.add_node("approval", approval_node)
    builder.add_node("execute", lambda s: {"value": "executed"})
    builder.add_node("cancel", lambda s: {"value": "cancelled"})
    builder.add_edge(START, "approval")
    builder.add_edge("execute", END)
    builder.add_edge("cancel", END)
    graph = builder.compile(checkpointer=saver)
    for thread, answer, outcome in (("a", True, "executed"), ("b", False, "cancelled")):
        graph.invoke({}, config(thread))
        assert graph.invoke(Command(resume=answer), config(thread)) == {"value": outcome}
