"""RetryPolicy on nodes: attempts counted, retry_on filters, give-up error, success after retries.

`Transient` is an error the default `retry_on` retries; ValueError/TypeError/KeyError are ones it
does not (LangGraph's default treats them as bugs in the node, not as flaky failures).
"""

from typing import Any

from typing_extensions import TypedDict

from signoff.checkpoint.memory import MemorySaver
from signoff.graph import END, START, StateGraph
from signoff.types import RetryPolicy

attempts: dict[str, int] = {}


class Transient(Exception):
    """A failure worth retrying (not one of the builtin "programming error" types)."""


class State(TypedDict, total=False):
    result: str


def flaky(name: str, failures: int, error: type[Exception]) -> Any:
    def node(state: State) -> dict[str, Any]:
        attempts[name] = attempts.get(name, 0) + 1
        if attempts[name] <= failures:
            raise error(f"{name} failed attempt {attempts[name]}")
        return {"result": f"{name} ok after {attempts[name]}"}

    return node


def graph_with(node: Any, policy: Any) -> Any:
    builder = StateGraph(State)
    builder.add_node("work", node, retry_policy=policy)
    builder.add_edge(START, "work")
    builder.add_edge("work", END)
    return builder.compile(checkpointer=MemorySaver())


def attempt(call: Any) -> object:
    try:
        return call()
    except Exception as error:
        return {"raises": type(error).__name__, "message": str(error)}


def run() -> object:
    attempts.clear()
    fast = {"initial_interval": 0.0, "backoff_factor": 1.0, "jitter": False}
    scenarios: dict[str, Any] = {
        "recovers": (flaky("recovers", 2, Transient), RetryPolicy(max_attempts=3, **fast)),
        "gives_up": (flaky("gives_up", 5, Transient), RetryPolicy(max_attempts=3, **fast)),
        "default_skips_value_error": (
            flaky("default_skips_value_error", 1, ValueError),
            RetryPolicy(max_attempts=3, **fast),
        ),
        "explicit_value_error": (
            flaky("explicit_value_error", 2, ValueError),
            RetryPolicy(max_attempts=3, retry_on=ValueError, **fast),
        ),
        "tuple_retry_on": (
            flaky("tuple_retry_on", 1, KeyError),
            RetryPolicy(max_attempts=2, retry_on=(KeyError, Transient), **fast),
        ),
        "not_retried": (
            flaky("not_retried", 1, KeyError),
            RetryPolicy(max_attempts=3, retry_on=ValueError, **fast),
        ),
        "callable_filter": (
            flaky("callable_filter", 1, RuntimeError),
            RetryPolicy(max_attempts=2, retry_on=lambda e: "attempt 1" in str(e), **fast),
        ),
        "policy_list": (
            flaky("policy_list", 2, Transient),
            [
                RetryPolicy(max_attempts=2, retry_on=ValueError, **fast),
                RetryPolicy(max_attempts=4, **fast),
            ],
        ),
        "no_policy": (flaky("no_policy", 1, Transient), None),
    }
    observed: dict[str, object] = {}
    for name, (node, policy) in scenarios.items():
        graph = graph_with(node, policy)
        config = {"configurable": {"thread_id": name}}
        observed[name] = {
            "outcome": attempt(lambda graph=graph, config=config: graph.invoke({}, config)),
            "next": graph.get_state(config).next,
        }
    observed["attempts"] = dict(sorted(attempts.items()))
    return observed
