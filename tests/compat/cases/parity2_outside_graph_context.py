"""interrupt() and get_stream_writer() called outside any graph run."""

from typing import Any

from signoff.config import get_stream_writer
from signoff.types import interrupt


def attempt(call: Any) -> object:
    try:
        result = call()
    except BaseException as error:
        return {"raises": type(error).__name__, "message": str(error)}
    return {"returned": type(result).__name__}


def run() -> object:
    return {
        "interrupt": attempt(lambda: interrupt("question")),
        "get_stream_writer": attempt(get_stream_writer),
    }
