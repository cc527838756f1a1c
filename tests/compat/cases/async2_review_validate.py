"""Seed review/edit, validation loop and several interrupts in one node under ainvoke, on
AsyncSqliteSaver and AsyncPostgresSaver; sync and async nodes, each answer a separate run."""

import asyncio
import os
import tempfile
import uuid
from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.postgres.aio import AsyncPostgresSaver
from signoff.checkpoint.sqlite.aio import AsyncSqliteSaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt

PG = "postgresql://postgres@127.0.0.1:5432/test"


class State(TypedDict, total=False):
    topic: str
    email: str
    age: int
    name: str
    city: str
    log: list[str]


def generate_email(state: State) -> dict[str, Any]:
    draft = f"Dear customer, thank you for contacting us about {state['topic']}..."
    edited = interrupt({"instruction": "Review and edit this email draft", "content": draft})
    return {"email": edited}


async def get_age(state: State) -> dict[str, Any]:
    prompt = "What is your age?"
    while True:
        answer = interrupt(prompt)
        if isinstance(answer, int) and answer > 0:
            break
        prompt = f"'{answer}' is not a valid age. Please enter a positive number."
    return {"age": answer}


def profile(state: State) -> dict[str, Any]:
    name = interrupt("What's your name?")
    age = interrupt("What's your age?")
    city = interrupt("What's your city?")
    return {"name": name, "age": age, "city": city}


def single(name: str, node: Any, saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node(name, node)
    builder.add_edge(START, name)
    builder.add_edge(name, END)
    return builder.compile(checkpointer=saver)


async def answer_all(graph: Any, start: Any, answers: list[Any], label: str) -> object:
    config = {"configurable": {"thread_id": f"{label}-{uuid.uuid4()}"}}
    runs = [await graph.ainvoke(start, config)]
    for answer in answers:
        runs.append(await graph.ainvoke(Command(resume=answer), config))
        state = await graph.aget_state(config)
        runs.append((state.next, state.interrupts, [t.interrupts for t in state.tasks]))
    history = [
        (h.metadata["step"], h.metadata["source"], h.next, len(h.tasks))
        async for h in graph.aget_state_history(config)
    ]
    return {"runs": runs, "history": history}


async def scenario(saver: Any) -> object:
    edit = single("generate", generate_email, saver)
    age = single("get_age", get_age, saver)
    many = single("profile", profile, saver)
    return {
        "review_edit": await answer_all(
            edit, {"topic": "refunds"}, ["Dear valued customer, about refunds..."], "edit"
        ),
        "validation": await answer_all(age, {"topic": "x"}, ["not a number", -3, 25], "age"),
        "several": await answer_all(many, {"topic": "x"}, ["Ada", 36, "London"], "several"),
    }


async def observe() -> object:
    observed: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "threads.db")
        async with AsyncSqliteSaver.from_conn_string(path) as saver:
            observed["sqlite"] = await scenario(saver)
    async with AsyncPostgresSaver.from_conn_string(PG) as saver:
        await saver.setup()
        observed["postgres"] = await scenario(saver)
    return observed


def run() -> object:
    return asyncio.run(observe())
