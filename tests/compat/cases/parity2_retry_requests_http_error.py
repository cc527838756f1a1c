"""The default RetryPolicy.retry_on and `requests.HTTPError` with a 4xx/5xx response, and httpx's
HTTPStatusError for comparison: how many attempts each gets."""

from typing import Any

import httpx
import requests
from typing_extensions import TypedDict

from signoff.graph import START, StateGraph
from signoff.types import RetryPolicy


class State(TypedDict, total=False):
    value: str


def requests_error(status: int) -> Exception:
    response = requests.Response()
    response.status_code = status
    return requests.HTTPError(f"status {status}", response=response)


def httpx_error(status: int) -> Exception:
    request = httpx.Request("GET", "http://example.invalid")
    response = httpx.Response(status, request=request)
    return httpx.HTTPStatusError(f"status {status}", request=request, response=response)


def run() -> object:
    errors: dict[str, Any] = {
        "requests_404": lambda: requests_error(404),
        "requests_500": lambda: requests_error(500),
        "requests_no_response": lambda: requests.HTTPError("no response"),
        "httpx_404": lambda: httpx_error(404),
        "httpx_503": lambda: httpx_error(503),
    }
    attempts: dict[str, int] = {}
    for name, make in errors.items():
        attempts[name] = 0

        def node(state: State, name: str = name, make: Any = make) -> dict[str, Any]:
            attempts[name] += 1
            raise make()

        builder = StateGraph(State)
        policy = RetryPolicy(max_attempts=3, initial_interval=0.0, jitter=False)
        builder.add_node("call", node, retry_policy=policy)
        builder.add_edge(START, "call")
        try:
            builder.compile().invoke({})
        except Exception:
            pass
    return attempts
