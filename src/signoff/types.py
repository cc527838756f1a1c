"""Public value types: what nodes return, what the runtime reports, and the policies nodes take."""

from __future__ import annotations

import random
import warnings
from collections.abc import Callable, Hashable, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, NamedTuple, TypeVar

from typing_extensions import TypedDict

from signoff._policy_defaults import default_cache_key, default_retry_on
from signoff.warnings import LangGraphDeprecatedSinceV10, LangGraphDeprecatedSinceV11

if TYPE_CHECKING:
    from signoff.checkpoint.base import CheckpointMetadata, RunnableConfig

StreamMode = Literal["values", "updates", "checkpoints", "tasks", "debug", "messages", "custom"]
Durability = Literal["sync", "async", "exit"]
StreamWriter = Callable[[Any], None]
"""What a node's `writer` parameter (or `get_stream_writer()`) is: call it to emit a `custom`
stream chunk."""
All = Literal["*"]

N = TypeVar("N", bound=Hashable)
ResponseT = TypeVar("ResponseT")


class Interrupt(Generic[ResponseT]):
    """A question a node asked with `interrupt()`: its value, its id, and the answer's schema."""

    __slots__ = ("id", "response_schema", "value")

    def __init__(
        self,
        value: Any,
        id: str = "placeholder-id",
        *,
        response_schema: type[ResponseT] | dict[str, Any] | None = None,
    ) -> None:
        self.value = value
        self.id = id
        self.response_schema = response_schema

    @classmethod
    def from_ns(
        cls,
        value: Any,
        ns: str,
        *,
        response_schema: type[ResponseT] | dict[str, Any] | None = None,
    ) -> Interrupt[ResponseT]:
        """The first interrupt of the task whose checkpoint namespace is `ns` (LangGraph's)."""
        from signoff.runtime.interrupt import interrupt_id

        return cls(value, interrupt_id(ns, 0), response_schema=response_schema)

    @property
    def interrupt_id(self) -> str:
        """Deprecated name of `id`."""
        warnings.warn(
            "`interrupt_id` is deprecated. Use `id` instead.",
            LangGraphDeprecatedSinceV10,
            stacklevel=2,
        )
        return self.id

    def __repr__(self) -> str:
        return (
            f"Interrupt(value={self.value!r}, id={self.id!r}, "
            f"response_schema={self.response_schema!r})"
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Interrupt)
            and self.value == other.value
            and self.id == other.id
            and self.response_schema == other.response_schema
        )

    def __hash__(self) -> int:
        return hash(self.id)


class Send:
    """Run `node` in the next step with `arg` as its input (map-reduce fan-out)."""

    __slots__ = ("arg", "node", "timeout")

    def __init__(
        self, /, node: str, arg: Any, *, timeout: float | timedelta | TimeoutPolicy | None = None
    ) -> None:
        self.node = node
        self.arg = arg
        self.timeout = TimeoutPolicy.coerce(timeout)

    def __hash__(self) -> int:
        return hash((self.node, repr(self.arg), self.timeout))

    def __repr__(self) -> str:
        if self.timeout is None:
            return f"Send(node={self.node!r}, arg={self.arg!r})"
        return f"Send(node={self.node!r}, arg={self.arg!r}, timeout={self.timeout!r})"

    def __eq__(self, value: object) -> bool:
        return (
            isinstance(value, Send)
            and self.node == value.node
            and self.arg == value.arg
            and self.timeout == value.timeout
        )


@dataclass(frozen=True)
class Command(Generic[N]):
    """Update the state, go to nodes, or resume interrupts — returned by a node or passed as input."""

    graph: str | None = None
    update: Any | None = None
    resume: dict[str, Any] | Any | None = None
    goto: Send | Sequence[Send | N] | N = ()

    PARENT: ClassVar[Literal["__parent__"]] = "__parent__"

    def __repr__(self) -> str:
        contents = ", ".join(f"{k}={v!r}" for k, v in asdict(self).items() if v)
        return f"Command({contents})"


class RetryPolicy(NamedTuple):
    """How a node is retried when it raises."""

    initial_interval: float = 0.5
    backoff_factor: float = 2.0
    max_interval: float = 128.0
    max_attempts: int = 3
    jitter: bool = True
    retry_on: type[Exception] | Sequence[type[Exception]] | Callable[[Exception], bool] = (
        default_retry_on
    )

    def interval(self, attempt: int) -> float:
        """Seconds to sleep before retry number `attempt` (1-based)."""
        base = min(self.max_interval, self.initial_interval * self.backoff_factor ** (attempt - 1))
        return base + (random.uniform(0, 1) if self.jitter else 0.0)


def _seconds(value: float | timedelta | None, field: str) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
    if seconds <= 0:
        raise ValueError(f"{field} must be greater than 0")
    return seconds


@dataclass(frozen=True)
class TimeoutPolicy:
    """Limits on one attempt of a node: wall-clock `run_timeout`, and `idle_timeout` without
    progress (stream writes refresh it; with `refresh_on="heartbeat"` only heartbeats do).

    Timeouts cancel the attempt, so they need an async node; a sync node with a timeout is
    refused at `compile()`, as in LangGraph.
    """

    run_timeout: float | timedelta | None = None
    idle_timeout: float | timedelta | None = None
    refresh_on: Literal["auto", "heartbeat"] = "auto"

    @classmethod
    def coerce(cls, value: float | timedelta | TimeoutPolicy | None) -> TimeoutPolicy | None:
        """Seconds, a `timedelta` (a run timeout) or a policy, as a policy in float seconds;
        None when nothing limits the attempt."""
        if value is None:
            return None
        if not isinstance(value, TimeoutPolicy):
            value = cls(run_timeout=value)
        elif value.refresh_on in ("auto", "heartbeat") and _coerced(
            value.run_timeout, value.idle_timeout
        ):
            return value
        if value.refresh_on not in ("auto", "heartbeat"):
            raise ValueError("refresh_on must be 'auto' or 'heartbeat'")
        run = _seconds(value.run_timeout, "run_timeout")
        idle = _seconds(value.idle_timeout, "idle_timeout")
        if run is None and idle is None:
            return None
        return cls(run_timeout=run, idle_timeout=idle, refresh_on=value.refresh_on)


def _coerced(run: float | timedelta | None, idle: float | timedelta | None) -> bool:
    """Whether both limits are already positive float seconds (or unset), one of them set."""
    if run is None and idle is None:
        return False
    return all(v is None or (type(v) is float and v > 0) for v in (run, idle))


@dataclass(frozen=True)
class CachePolicy:
    """Reuse a node's writes when it runs again with the same input (needs `compile(cache=...)`).

    `key_func(input)` gives the key (str or bytes); `ttl` is in seconds, None for no expiry.
    """

    key_func: Callable[..., str | bytes] = default_cache_key
    ttl: int | None = None


@dataclass(slots=True)
class Overwrite:
    """Write `value` to a reducer channel directly, bypassing the reducer."""

    value: Any
    type: Literal["__overwrite__"] = "__overwrite__"


class PregelTask(NamedTuple):
    """A task of a step, as `get_state()` reports it."""

    id: str
    name: str
    path: tuple[str | int | tuple[Any, ...], ...]
    error: Exception | None = None
    interrupts: tuple[Interrupt[Any], ...] = ()
    state: RunnableConfig | StateSnapshot | None = None
    result: Any | None = None


class StateSnapshot(NamedTuple):
    """The state of a thread at the start of a step."""

    values: dict[str, Any] | Any
    next: tuple[str, ...]
    config: RunnableConfig
    metadata: CheckpointMetadata | None
    created_at: str | None
    parent_config: RunnableConfig | None
    tasks: tuple[PregelTask, ...]
    interrupts: tuple[Interrupt[Any], ...]


class StateUpdate(NamedTuple):
    values: dict[str, Any] | None
    as_node: str | None = None
    task_id: str | None = None


OutputT = TypeVar("OutputT")


def _warn_keyed_access(how: str) -> None:
    warnings.warn(
        f"Accessing GraphOutput via {how} is deprecated. Use `result.value` to access the "
        "output value directly, or `result.interrupts` for interrupts.",
        LangGraphDeprecatedSinceV11,
        stacklevel=3,
    )


@dataclass(frozen=True)
class GraphOutput(Generic[OutputT]):
    """What `invoke(..., version="v2")` returns: the output, and the interrupts apart from it."""

    value: OutputT
    interrupts: tuple[Interrupt[Any], ...] = ()

    def __getitem__(self, key: str) -> Any:
        """Read it like a v1 result (`result["__interrupt__"]`, `result["key"]`); deprecated."""
        _warn_keyed_access("`result[key]`")
        if key == "__interrupt__":
            return self.interrupts
        if isinstance(self.value, dict):
            return self.value[key]
        try:
            return getattr(self.value, key)
        except AttributeError:
            raise KeyError(key) from None

    def __contains__(self, key: object) -> bool:
        _warn_keyed_access("`key in result`")
        if key == "__interrupt__":
            return bool(self.interrupts)
        if isinstance(self.value, dict):
            return key in self.value
        return isinstance(key, str) and hasattr(self.value, key)


class ValuesStreamPart(TypedDict):
    """`stream(..., version="v2")` part of mode `values`: the state, its interrupts apart."""

    type: Literal["values"]
    ns: tuple[str, ...]
    data: Any
    interrupts: tuple[Interrupt[Any], ...]


class UpdatesStreamPart(TypedDict):
    """Part of mode `updates`: node name → its update (or `__interrupt__`, `__metadata__`)."""

    type: Literal["updates"]
    ns: tuple[str, ...]
    data: dict[str, Any]


class MessagesStreamPart(TypedDict):
    """Part of mode `messages`: `(message chunk, metadata)`."""

    type: Literal["messages"]
    ns: tuple[str, ...]
    data: tuple[Any, dict[str, Any]]


class CustomStreamPart(TypedDict):
    """Part of mode `custom`: what a node passed to its stream writer."""

    type: Literal["custom"]
    ns: tuple[str, ...]
    data: Any


class CheckpointStreamPart(TypedDict):
    """Part of mode `checkpoints`: a saved checkpoint, shaped like `get_state()`."""

    type: Literal["checkpoints"]
    ns: tuple[str, ...]
    data: dict[str, Any]


class TasksStreamPart(TypedDict):
    """Part of mode `tasks`: a task started (`input`, `triggers`) or finished (`result`, ...)."""

    type: Literal["tasks"]
    ns: tuple[str, ...]
    data: dict[str, Any]


class DebugStreamPart(TypedDict):
    """Part of mode `debug`: a task or checkpoint event wrapped with its step and time."""

    type: Literal["debug"]
    ns: tuple[str, ...]
    data: dict[str, Any]


StreamPart = (
    ValuesStreamPart
    | UpdatesStreamPart
    | MessagesStreamPart
    | CustomStreamPart
    | CheckpointStreamPart
    | TasksStreamPart
    | DebugStreamPart
)
"""A v2 stream part; `part["type"]` tells which."""


from signoff.runtime.interrupt import interrupt  # noqa: E402

__all__ = [
    "All",
    "CachePolicy",
    "CheckpointStreamPart",
    "Command",
    "CustomStreamPart",
    "DebugStreamPart",
    "Durability",
    "GraphOutput",
    "Interrupt",
    "MessagesStreamPart",
    "Overwrite",
    "PregelTask",
    "RetryPolicy",
    "Send",
    "StateSnapshot",
    "StateUpdate",
    "StreamMode",
    "StreamPart",
    "StreamWriter",
    "TasksStreamPart",
    "TimeoutPolicy",
    "UpdatesStreamPart",
    "ValuesStreamPart",
    "default_cache_key",
    "default_retry_on",
    "interrupt",
]
