"""Every error signoff raises.

Errors a user may catch subclass the matching builtin (`ValueError`, `RecursionError`, ...).
Control-flow signals that user code must not swallow (`GraphInterrupt`, `ParentCommand`) derive from
`BaseException`, like `KeyboardInterrupt`: `except Exception:` around `interrupt()` cannot eat a pause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from signoff.types import Command, Interrupt


class ErrorCode(Enum):
    GRAPH_RECURSION_LIMIT = "GRAPH_RECURSION_LIMIT"
    INVALID_CONCURRENT_GRAPH_UPDATE = "INVALID_CONCURRENT_GRAPH_UPDATE"
    INVALID_GRAPH_NODE_RETURN_VALUE = "INVALID_GRAPH_NODE_RETURN_VALUE"
    MULTIPLE_SUBGRAPHS = "MULTIPLE_SUBGRAPHS"
    INVALID_CHAT_HISTORY = "INVALID_CHAT_HISTORY"


def create_error_message(*, message: str, error_code: ErrorCode) -> str:
    return (
        f"{message}\n"
        "For troubleshooting, visit: https://docs.langchain.com/oss/python/langgraph/"
        f"errors/{error_code.value}"
    )


class GraphBubbleUp(BaseException):
    """A signal that travels up through user code to the runtime; never an error to handle."""


class GraphInterrupt(GraphBubbleUp):
    """Raised by `interrupt()` to pause the run. The runtime catches it; user code must not."""

    written: tuple[tuple[str, Any], ...] = ()
    """What the paused task wrote before it paused (a conditional edge that asked): shown in the
    run's output, as LangGraph shows it, but not stored."""

    def __init__(self, interrupts: Sequence[Interrupt[Any]] = ()) -> None:
        super().__init__(tuple(interrupts))

    @property
    def interrupts(self) -> tuple[Interrupt[Any], ...]:
        value: tuple[Interrupt[Any], ...] = self.args[0] if self.args else ()
        return value


class NodeInterrupt(GraphInterrupt):
    """Raised by a node to pause the run with `value` (LangGraph's deprecated form of
    `interrupt(value)`; the node is not resumed with an answer, it runs again)."""

    def __init__(self, value: Any, id: str | None = None) -> None:
        import warnings

        from signoff.types import Interrupt
        from signoff.warnings import LangGraphDeprecatedSinceV10

        warnings.warn(
            "NodeInterrupt is deprecated. Please use `langgraph.types.interrupt` instead.",
            LangGraphDeprecatedSinceV10,
            stacklevel=2,
        )
        super().__init__([Interrupt(value) if id is None else Interrupt(value, id)])


class ParentCommand(GraphBubbleUp):
    """Carries a `Command(graph=Command.PARENT)` from a subgraph node to its parent graph."""

    args: tuple[Command[Any]]

    def __init__(self, command: Command[Any]) -> None:
        super().__init__(command)


class GraphDrained(Exception):
    """The run stopped at a superstep boundary because a drain was requested; it can be resumed."""

    def __init__(self, reason: str = "shutdown") -> None:
        self.reason = reason
        super().__init__(f"Graph drained: {reason}")


class GraphRecursionError(RecursionError):
    """The graph ran more supersteps than `config["recursion_limit"]` allows."""


class InvalidUpdateError(Exception):
    """A node returned an update the state cannot take (unknown shape, concurrent last-value writes)."""


class EmptyInputError(Exception):
    """The graph received an input that writes nothing."""


class TaskNotFound(Exception):
    """A task could not be found."""


class UnknownInterruptError(ValueError):
    """A resume names interrupts that are not pending, is an empty map, or is ambiguous."""

    def __init__(
        self,
        message: str,
        *,
        reason: Literal["not_pending", "empty_map", "ambiguous"],
        interrupt_ids: Sequence[str] = (),
        pending_ids: Sequence[str] = (),
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.interrupt_ids = tuple(interrupt_ids)
        self.pending_ids = tuple(pending_ids)


class NodeTimeoutError(Exception):
    """A node attempt ran longer than its `timeout` policy allows.

    Not a `TimeoutError` (an `OSError`), so the default `RetryPolicy` retries it, as in LangGraph.
    `kind` says which limit fired (`"run"` or `"idle"`) and `timeout` its value; `run_timeout`
    and `idle_timeout` are the policy's (None when not set).
    """

    def __init__(
        self,
        node: str,
        elapsed: float,
        *,
        kind: Literal["idle", "run"] = "run",
        idle_timeout: float | None = None,
        run_timeout: float | None = None,
    ) -> None:
        if kind == "idle":
            if idle_timeout is None:
                raise ValueError("idle_timeout is required when kind='idle'")
            limit = idle_timeout
            message = (
                f"Node '{node}' exceeded its idle timeout of {idle_timeout:.3f}s without making "
                f"progress (elapsed: {elapsed:.3f}s)."
            )
        elif kind == "run":
            if run_timeout is None:
                raise ValueError("run_timeout is required when kind='run'")
            limit = run_timeout
            message = (
                f"Node '{node}' exceeded its run timeout of {run_timeout:.3f}s "
                f"(elapsed: {elapsed:.3f}s)."
            )
        else:
            raise ValueError("kind must be 'idle' or 'run'")
        super().__init__(message)
        self.node = node
        self.elapsed = elapsed
        self.kind = kind
        self.timeout = limit
        self.idle_timeout = idle_timeout
        self.run_timeout = run_timeout


class NodeCancelledError(Exception):
    """A node raised `asyncio.CancelledError` itself; reported as the node's failure."""

    def __init__(self, node: str, message: str | None = None) -> None:
        super().__init__(message or f"Node {node!r} raised asyncio.CancelledError")
        self.node = node


@dataclass(frozen=True, slots=True)
class NodeError:
    """What an error handler learns about the failure it handles: the node and its exception.

    A handler receives it through a parameter named `error` annotated `NodeError`. When the
    handler runs again in a later run (it had asked a question, say), the exception is rebuilt
    from its stored `repr`: the same builtin class and message, or a `StoredError` with that
    `repr` for other classes.
    """

    node: str
    error: BaseException


# --- signoff's own -------------------------------------------------------------------------------


class SignoffError(Exception):
    """Base of the errors that are signoff's own (not in LangGraph)."""


class CheckpointerRequiredError(SignoffError, ValueError):
    """An operation needs a checkpointer and the graph was compiled without one."""


class InterruptAlreadyAnsweredError(SignoffError, RuntimeError):
    """Another caller answered this interrupt first; this answer was not stored."""

    def __init__(
        self, message: str, *, thread_id: str | None = None, interrupt_id: str = ""
    ) -> None:
        super().__init__(message)
        self.thread_id = thread_id
        self.interrupt_id = interrupt_id


class InterruptMismatchError(SignoffError, RuntimeError):
    """On replay, the k-th `interrupt()` of a node asked a different question than the one answered."""

    def __init__(self, node: str, index: int, asked: Any, now: Any) -> None:
        super().__init__(
            f"Node '{node}': interrupt #{index} was answered for the question {asked!r} but now asks "
            f"{now!r}; keep interrupt() calls in a stable order or give each a key=."
        )
        self.node = node
        self.index = index
        self.asked = asked
        self.now = now


class InterruptSwallowedError(SignoffError, RuntimeError):
    """A node caught the interrupt signal (bare `except:`) and returned normally."""

    def __init__(self, node: str) -> None:
        super().__init__(
            f"Node '{node}' caught the signal raised by interrupt() and returned normally; "
            "do not wrap interrupt() in a bare 'except:' or 'except BaseException:' without re-raising."
        )
        self.node = node


class InvalidAnswerError(SignoffError, ValueError):
    """A resume value does not match the schema its question asked for; nothing was stored."""

    def __init__(self, message: str, *, interrupt_id: str = "", path: str = "") -> None:
        super().__init__(message)
        self.interrupt_id = interrupt_id
        self.path = path


class CorruptCheckpointError(SignoffError, ValueError):
    """A stored checkpoint or write cannot be decoded."""


class ClassNotLoadedError(CorruptCheckpointError):
    """Stored data names a class whose module this process has not imported (and may not
    import): the data is intact; import the module that defines the class, then read again."""

    def __init__(self, message: str, *, module: str, qualname: str) -> None:
        super().__init__(message)
        self.module = module
        self.qualname = qualname


class SchemaVersionError(SignoffError, RuntimeError):
    """The database was written by a newer signoff than this one."""


_INVALID_RESUME = "_signoff_invalid_resume"


def mark_invalid_resume(error: BaseException) -> None:
    setattr(error, _INVALID_RESUME, True)


def is_invalid_resume(error: BaseException) -> bool:
    """Whether `error` was raised because a resume value did not match its `response_schema`."""
    return getattr(error, _INVALID_RESUME, False) is True


__all__ = [
    "CheckpointerRequiredError",
    "ClassNotLoadedError",
    "CorruptCheckpointError",
    "EmptyInputError",
    "ErrorCode",
    "GraphBubbleUp",
    "GraphDrained",
    "GraphInterrupt",
    "GraphRecursionError",
    "InterruptAlreadyAnsweredError",
    "InterruptMismatchError",
    "InterruptSwallowedError",
    "InvalidAnswerError",
    "InvalidUpdateError",
    "NodeCancelledError",
    "NodeError",
    "NodeInterrupt",
    "NodeTimeoutError",
    "ParentCommand",
    "SchemaVersionError",
    "SignoffError",
    "TaskNotFound",
    "UnknownInterruptError",
    "is_invalid_resume",
]
