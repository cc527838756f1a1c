"""The human-in-the-loop graphs the durability tests run in real processes, and the driver that
takes a thread to its end whatever state a crash left it in.

Every `@task` here is a side effect that appends one line to a per-thread log file *before* it
returns: `{"key": ..., "run": <random nonce>}`. Its result carries the same nonce, so the result the
saver recorded names the one execution whose outcome the thread kept. Lines for a key after the
recorded one mean a recorded task ran again; lines before it are executions killed between their
side effect and the record of their result, which may legitimately run again.

Two graphs, chosen by the thread id's prefix:
- `review-*`: a `StateGraph` draft (task, interrupt) → publish (two tasks, two interrupts) →
  left (task, interrupt) and right (task) in parallel → close.
- `flow-*`: an `@entrypoint` calling three tasks around two interrupts.
Answers depend only on the thread and the question, so every run ends in the same state.
"""

from __future__ import annotations

import json
import operator
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypedDict

from signoff.checkpoint.base import BaseCheckpointSaver, RunnableConfig
from signoff.checkpoint.sqlite import SqliteSaver
from signoff.constants import RETURN
from signoff.errors import InterruptAlreadyAnsweredError
from signoff.func import entrypoint, task
from signoff.graph import END, START, StateGraph
from signoff.graph.compiled import CompiledStateGraph
from signoff.types import Command, interrupt

MAX_INVOKES = 40
"""A thread needs at most 6 invokes; more means the driver is going round in circles."""


class ReviewState(TypedDict):
    thread: str
    log: Annotated[list[str], operator.add]


def side_effect_task(log_dir: Path, pause: float) -> Any:
    """A `@task` that appends a line to the thread's log, then returns that line's nonce.

    `pause` seconds pass between the side effect and the return, so that a kill at a random moment
    often lands after the side effect but before the saver recorded the result.
    """

    @task
    def side_effect(thread: str, key: str) -> dict[str, str]:
        run = uuid.uuid4().hex
        line = json.dumps({"key": key, "run": run}) + "\n"
        fd = os.open(log_dir / f"{thread}.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode())  # one small write: a kill leaves the whole line or none
        finally:
            os.close(fd)
        if pause:
            time.sleep(pause)
        return {"key": key, "run": run, "value": f"{key} done"}

    return side_effect


def review_graph(saver: BaseCheckpointSaver, log_dir: Path, pause: float) -> CompiledStateGraph:
    side_effect = side_effect_task(log_dir, pause)

    def draft(state: ReviewState) -> dict[str, Any]:
        done = side_effect(state["thread"], "draft").result()
        answer = interrupt(f"Approve the draft of {state['thread']}?")
        return {"log": [done["value"], f"draft: {answer}"]}

    def publish(state: ReviewState) -> dict[str, Any]:
        first = side_effect(state["thread"], "publish-a").result()
        second = side_effect(state["thread"], "publish-b").result()
        channel = interrupt({"question": "Publish where?", "thread": state["thread"]})
        notify = interrupt({"question": "Notify whom?", "channel": channel})
        return {"log": [first["value"], second["value"], f"publish: {channel}, {notify}"]}

    def left(state: ReviewState) -> dict[str, Any]:
        done = side_effect(state["thread"], "left").result()
        answer = interrupt(f"Sign off the left half of {state['thread']}?")
        return {"log": [done["value"], f"left: {answer}"]}

    def right(state: ReviewState) -> dict[str, Any]:
        done = side_effect(state["thread"], "right").result()
        return {"log": [done["value"]]}

    def close(state: ReviewState) -> dict[str, Any]:
        return {"log": [f"closed after {len(state['log'])} entries"]}

    builder = StateGraph(ReviewState)
    for name, fn in [
        ("draft", draft),
        ("publish", publish),
        ("left", left),
        ("right", right),
        ("close", close),
    ]:
        builder.add_node(name, fn)
    builder.add_edge(START, "draft")
    builder.add_edge("draft", "publish")
    builder.add_edge("publish", "left")
    builder.add_edge("publish", "right")
    builder.add_edge(["left", "right"], "close")
    builder.add_edge("close", END)
    graph: CompiledStateGraph = builder.compile(checkpointer=saver, name="review")
    return graph


def flow_graph(saver: BaseCheckpointSaver, log_dir: Path, pause: float) -> CompiledStateGraph:
    side_effect = side_effect_task(log_dir, pause)

    @entrypoint(checkpointer=saver)
    def flow(inputs: dict[str, str]) -> dict[str, Any]:
        thread = inputs["thread"]
        first = side_effect(thread, "flow-a").result()
        approved = interrupt(f"First question for {thread}")
        second = side_effect(thread, "flow-b").result()
        amount = interrupt({"question": "How much?", "thread": thread})
        third = side_effect(thread, "flow-c").result()
        return {
            "thread": thread,
            "log": [first["value"], approved, second["value"], amount, third["value"]],
        }

    return flow


class Graphs:
    """The two graphs on one saver; `for_thread` picks by the thread id's prefix."""

    def __init__(self, saver: BaseCheckpointSaver, log_dir: Path, pause: float = 0.0) -> None:
        self.saver = saver
        self.review = review_graph(saver, log_dir, pause)
        self.flow = flow_graph(saver, log_dir, pause)

    def for_thread(self, thread: str) -> CompiledStateGraph:
        return self.review if thread.startswith("review") else self.flow


def thread_ids(reviews: int, flows: int) -> list[str]:
    return [f"review-{n:02}" for n in range(reviews)] + [f"flow-{n:02}" for n in range(flows)]


def config_of(thread: str) -> RunnableConfig:
    return {"configurable": {"thread_id": thread}}


def answer_for(thread: str, question: Any) -> str:
    """The answer a person gives: fixed by the thread and the question, never by the run."""
    text = question["question"] if isinstance(question, dict) else str(question)
    return f"yes to {text!r} on {thread}"


def initial_input(thread: str) -> dict[str, Any]:
    return {"thread": thread, "log": []} if thread.startswith("review") else {"thread": thread}


def finish_thread(
    graphs: Graphs,
    thread: str,
    progress: Callable[[str], None] = lambda _: None,
    *,
    who: str | None = None,
    stop_after: int | None = None,
) -> None:
    """Invoke until the thread is done, from whatever state it is in.

    A thread with no checkpoint gets its input; pending interrupts get their answers (several at
    once by id, recorded as answered by `who`); a thread with tasks still to run is continued with
    `None`. An answer another run already stored is not an error: the next look at the state shows
    the run to continue. A thread whose `next` is empty is done: this trusts `get_state()` to tell
    the truth after a kill. With `stop_after`, stop instead at the first pause after that many
    answers.
    """
    graph = graphs.for_thread(thread)
    config: RunnableConfig = {**config_of(thread), "metadata": {"answered_by": who}}
    given = 0
    for _ in range(MAX_INVOKES):
        state = graph.get_state(config)
        if state.created_at is None:
            graph.invoke(initial_input(thread), config)
        elif state.interrupts:
            if stop_after is not None and given >= stop_after:
                return
            answers = {i.id: answer_for(thread, i.value) for i in state.interrupts}
            resume: Any = next(iter(answers.values())) if len(answers) == 1 else answers
            try:
                graph.invoke(Command(resume=resume), config)
            except InterruptAlreadyAnsweredError:
                progress(f"already answered {thread}")
            given += len(answers)
        elif state.next:
            graph.invoke(None, config)
        else:
            if stop_after is not None:
                raise RuntimeError(f"thread {thread} finished before {stop_after} answers")
            return
        progress(f"invoked {thread}")
    raise RuntimeError(f"thread {thread} did not finish in {MAX_INVOKES} invokes")


def describe(graphs: Graphs, thread: str) -> dict[str, Any]:
    """Everything a person or another process can read about a thread, as JSON-able data."""
    graph, config = graphs.for_thread(thread), config_of(thread)
    state = graph.get_state(config)
    return {
        "values": state.values,
        "next": list(state.next),
        "interrupts": [[i.id, i.value] for i in state.interrupts],
        "history": [
            [s.config["configurable"]["checkpoint_id"], s.metadata["step"], list(s.next)]
            for s in graph.get_state_history(config)
            if s.metadata is not None
        ],
        "pending": [
            [r.interrupt_id, r.node, r.value]
            for r in graphs.saver.pending_interrupts(thread_id=thread)
        ],
        "answers": [[a.interrupt_id, a.value, a.answered_by] for a in graph.answers(config)],
    }


def recorded_results(saver: BaseCheckpointSaver, thread: str) -> dict[str, list[str]]:
    """key → nonces of the `@task` results the saver recorded for `thread`, over its history."""
    found: dict[str, list[str]] = {}
    for saved in saver.list(config_of(thread)):
        for _, channel, value in saved.pending_writes or []:
            if channel == RETURN:
                found.setdefault(value["key"], []).append(value["run"])
    return found


def logged_runs(log_dir: Path, thread: str) -> list[tuple[str, str]]:
    """(key, nonce) of every side effect the thread's tasks carried out, in order."""
    path = log_dir / f"{thread}.log"
    if not path.exists():
        return []
    return [(r["key"], r["run"]) for r in map(json.loads, path.read_text().splitlines())]


@contextmanager
def open_saver(kind: str, url: str) -> Iterator[BaseCheckpointSaver]:
    """A SQLite (`kind` "sqlite", `url` a file path) or PostgreSQL saver, schema set up."""
    if kind == "sqlite":
        with SqliteSaver.from_conn_string(url) as sqlite_saver:
            yield sqlite_saver
    else:
        from signoff.checkpoint.postgres import PostgresSaver  # psycopg only where it is used

        with PostgresSaver.from_conn_string(url) as pg_saver:
            pg_saver.setup()
            yield pg_saver
