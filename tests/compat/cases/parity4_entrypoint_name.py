"""An `@entrypoint`'s graph is named "LangGraph" (`name`, `get_name()`, suffixed names) whatever
its function is called; its one node keeps the function's name (nodes, drawing, updates)."""

from signoff.checkpoint.memory import InMemorySaver
from signoff.func import entrypoint


@entrypoint(checkpointer=InMemorySaver())
def review_flow(x: int) -> int:
    return x + 1


def run() -> object:
    config = {"configurable": {"thread_id": "1"}}
    return {
        "name": review_flow.name,
        "get_name": [review_flow.get_name(), review_flow.get_name("Input")],
        "nodes": list(review_flow.nodes),
        "drawn": [node.id for node in review_flow.get_graph().nodes.values()],
        "updates": list(review_flow.stream(1, config, stream_mode="updates")),
    }
