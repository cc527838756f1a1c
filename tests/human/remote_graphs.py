"""Graphs asked in one process and answered in another (see test_answer_other_process.py).

Run as `python remote_graphs.py DB_URL THREAD GRAPH` it starts GRAPH on THREAD and stops at its
first question, as a worker process would; the test process then answers it.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from signoff.graph import END, START, StateGraph
from signoff.human import approve, ask


class Shipment(BaseModel):
    address: str
    parcels: int = Field(ge=1)
    pickup: datetime


class State(TypedDict, total=False):
    value: Any


def ship(state: State) -> State:
    shipment = ask("Where to, and when?", schema=Shipment)
    return {"value": shipment.model_dump(mode="json")}


def refund(state: State) -> State:
    decision = approve("refund", {"order": 7, "amount": 20}, allow_respond=True)
    return {"value": [decision.kind, decision.args, decision.response]}


def build(node: Any, saver: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("node", node)
    builder.add_edge(START, "node")
    builder.add_edge("node", END)
    return builder.compile(checkpointer=saver)


@contextmanager
def open_saver(url: str) -> Any:
    if url.startswith("postgresql://") or "search_path" in url:
        from signoff.checkpoint.postgres import PostgresSaver

        with PostgresSaver.from_conn_string(url) as saver:
            saver.setup()
            yield saver
    else:
        from signoff.checkpoint.sqlite import SqliteSaver

        with SqliteSaver.from_conn_string(url) as saver:
            yield saver


GRAPHS = {"ship": ship, "refund": refund}

if __name__ == "__main__":
    url, thread, name = sys.argv[1:4]
    with open_saver(url) as saver:
        result = build(GRAPHS[name], saver).invoke({}, {"configurable": {"thread_id": thread}})
    print(result["__interrupt__"][0].id)
