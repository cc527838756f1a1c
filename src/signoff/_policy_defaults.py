"""The defaults of `RetryPolicy.retry_on` and `CachePolicy.key_func` (kept out of `types.py`)."""

from __future__ import annotations

from typing import Any


def default_retry_on(exc: Exception) -> bool:
    """Retry what may be transient (connection errors, HTTP 5xx, timeouts, unknown errors), not
    what a retry cannot fix (`ValueError`, `TypeError`, `KeyError`, `OSError`, ...), as LangGraph.

    HTTP errors are recognised by class name and module, so neither `httpx` nor `requests` is
    imported to check.
    """
    if isinstance(exc, ConnectionError):
        return True
    kind = type(exc)
    if kind.__name__ in ("HTTPStatusError", "HTTPError") and kind.__module__.split(".")[0] in (
        "httpx",
        "requests",
    ):
        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
        if status is None:
            return kind.__module__.startswith("requests")
        return 500 <= int(status) < 600
    return not isinstance(exc, _NOT_RETRIED)


_NOT_RETRIED = (
    ValueError,
    TypeError,
    ArithmeticError,
    ImportError,
    LookupError,
    NameError,
    SyntaxError,
    RuntimeError,
    ReferenceError,
    StopIteration,
    StopAsyncIteration,
    OSError,
)


def default_cache_key(*args: Any, **kwargs: Any) -> bytes:
    """A node's input as bytes for the cache key: equal inputs give equal bytes, across processes.

    Dict keys are put in a fixed order and the result is packed with the checkpoint serializer
    (values it cannot pack fall back to their `repr`). Nothing here is ever unpacked again.
    """
    frozen = _freeze((args, kwargs))
    try:
        from signoff.checkpoint.serde import default_serializer

        return default_serializer().dumps(frozen)
    except Exception:
        return repr(frozen).encode()


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        items = [(_freeze(k), _freeze(v)) for k, v in value.items()]
        return ("__dict__", tuple(sorted(items, key=lambda kv: repr(kv[0]))))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return ("__set__", tuple(sorted((_freeze(v) for v in value), key=repr)))
    return value
