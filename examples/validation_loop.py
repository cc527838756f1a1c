"""Input validation loop: ask again, with a clearer prompt, until the answer is valid.

Each invalid answer makes the node ask again (a new interrupt with a new prompt); the node keeps
every earlier answer and replays them in order when it restarts. Run it:
`python examples/validation_loop.py`.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import InMemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import Command, interrupt


class State(TypedDict, total=False):
    age: int


def get_age_node(state: State) -> dict[str, Any]:
    prompt = "What is your age?"

    while True:
        answer = interrupt(prompt)

        # Validate the input.
        if isinstance(answer, int) and answer > 0:
            break
        # Invalid: ask again with a clearer message.
        prompt = f"'{answer}' is not a valid age. Please enter a positive number."

    return {"age": answer}


builder = StateGraph(State)
builder.add_node("get_age", get_age_node)
builder.add_edge(START, "get_age")
builder.add_edge("get_age", END)

graph = builder.compile(checkpointer=InMemorySaver())


if __name__ == "__main__":
    config = {"configurable": {"thread_id": "age-1"}}
    result = graph.invoke({}, config=config)
    print(result["__interrupt__"][0].value)

    # First attempt: invalid, so the node asks again with a clearer prompt.
    result = graph.invoke(Command(resume="not a number"), config=config)
    print(result["__interrupt__"][0].value)

    # Second attempt: valid, so the graph finishes with age=25.
    result = graph.invoke(Command(resume=25), config=config)
    print(result)
