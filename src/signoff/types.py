"""Public value types: what nodes return, what the runtime reports, and the policies nodes take."""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, NamedTuple, TypeVar

if TYPE_CHECKING:
    from signoff.checkpoint.base import CheckpointMetadata, RunnableConfig

StreamMode = Literal["values", "updates", "checkpoints", "tasks", "debug", "messages", "custom"]
Durability = Literal["sync", "async", "exit"]
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
    retry_on: type[Exception] | Sequence[type[Exception]] | Callable[[Exception], bool] = Exception

    def interval(self, attempt: int) -> float:
        """Seconds to sleep before retry number `attempt` (1-based)."""
        base = min(self.max_interval, self.initial_interval * self.backoff_factor ** (attempt - 1))
        return base + (random.uniform(0, 1) if self.jitter else 0.0)


@dataclass(frozen=True)
class TimeoutPolicy:
    """Limits on how long a node may run (`run_timeout`) or go without progress (`idle_timeout`)."""

    run_timeout: float | None = None
    idle_timeout: float | None = None
    refresh_on: Literal["auto", "heartbeat"] = "auto"

    @classmethod
    def coerce(cls, value: float | timedelta | TimeoutPolicy | None) -> TimeoutPolicy | None:
        if value is None or isinstance(value, TimeoutPolicy):
            return value
        seconds = value.total_seconds() if isinstance(value, timedelta) else float(value)
        if seconds <= 0:
            raise ValueError(f"timeout must be positive, got {value!r}")
        return cls(run_timeout=seconds)


@dataclass(frozen=True)
class CachePolicy:
    """Cache a node's writes keyed by its input."""

    key_func: Callable[..., str | bytes] | None = None
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


from signoff.runtime.interrupt import interrupt  # noqa: E402

__all__ = [
    "All",
    "CachePolicy",
    "Command",
    "Durability",
    "Interrupt",
    "Overwrite",
    "PregelTask",
    "RetryPolicy",
    "Send",
    "StateSnapshot",
    "StateUpdate",
    "StreamMode",
    "TimeoutPolicy",
    "interrupt",
]
