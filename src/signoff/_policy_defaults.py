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
    response: Any = getattr(exc, "response", None)
    if _is_error_of(exc, "httpx", "HTTPStatusError"):
        return 500 <= int(response.status_code) < 600
    if _is_error_of(exc, "requests", "HTTPError"):
        # as LangGraph: a response is falsy when its status is an error (requests' __bool__),
        # so every 4xx/5xx is retried; a non-error status only when it is 5xx (never)
        if response:
            return 500 <= int(response.status_code) < 600
        return True
    return not isinstance(exc, _NOT_RETRIED)


def _is_error_of(exc: Exception, package: str, name: str) -> bool:
    """Whether `exc` is a `package`'s `name` error or a subclass, without importing `package`."""
    return any(
        cls.__name__ == name and cls.__module__.split(".")[0] == package
        for cls in type(exc).__mro__
    )


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
